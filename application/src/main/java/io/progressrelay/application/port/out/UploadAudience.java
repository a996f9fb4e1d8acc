package io.progressrelay.application.port.out;

import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.Objects;
import java.util.Set;

/** Who receives an upload's events: its owner and the users with a live subscription to it. */
public record UploadAudience(UploadId uploadId, UserId owner, Set<UserId> subscribers) {
  public UploadAudience {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(owner, "owner");
    subscribers = Set.copyOf(subscribers);
  }
}
