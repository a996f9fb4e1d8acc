package io.progressrelay.domain;

import java.time.Instant;
import java.util.Objects;

/** Permission for a user other than the owner to follow an upload. */
public record Grant(UploadId uploadId, UserId grantee, UserId grantedBy, Instant grantedAt) {
  public Grant {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(grantee, "grantee");
    Objects.requireNonNull(grantedBy, "grantedBy");
    Objects.requireNonNull(grantedAt, "grantedAt");
  }
}
