package io.progressrelay.domain;

import java.util.Objects;

/** One upload and the user who owns it, as a backend registers it. */
public record UploadRegistration(UploadId uploadId, UserId ownerId) {
  public UploadRegistration {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(ownerId, "ownerId");
  }
}
