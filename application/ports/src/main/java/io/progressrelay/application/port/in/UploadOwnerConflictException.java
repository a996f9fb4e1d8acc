package io.progressrelay.application.port.in;

import io.progressrelay.domain.UploadId;

/** The upload is already registered to another owner; ownership never changes silently. */
public final class UploadOwnerConflictException extends RelayException {
  private static final long serialVersionUID = 1L;

  public UploadOwnerConflictException(UploadId uploadId) {
    super("upload '" + uploadId + "' is already registered to another owner");
  }
}
