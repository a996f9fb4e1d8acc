package io.progressrelay.application.port.in;

import io.progressrelay.domain.UploadId;

/**
 * The upload does not exist, or the caller may not know that it does: both read the same, so ids
 * cannot be probed.
 */
public final class UploadNotFoundException extends RelayException {
  private static final long serialVersionUID = 1L;

  public UploadNotFoundException(UploadId uploadId) {
    super("upload '" + uploadId + "' not found");
  }
}
