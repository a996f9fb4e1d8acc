package io.progressrelay.application.port.out;

import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who receives an upload's events: its owner and the users with a live subscription to it, for one
 * registration of its id, with what that registration's latest event was when it was read, so the
 * fan-out engine loads an upload's routing with one query.
 *
 * @param registration identifies this registration of the id; positive, and different for a
 *     registration of the same id after a delete, so that state kept for one never passes to the
 *     next
 * @param latestEvent the latest event stored for this registration, or empty
 */
public record UploadAudience(
    UploadId uploadId,
    long registration,
    UserId owner,
    Set<UserId> subscribers,
    Optional<LatestEvent> latestEvent) {
  public UploadAudience {
    Objects.requireNonNull(uploadId, "uploadId");
    if (registration <= 0) {
      throw new IllegalArgumentException("registration must be positive, was " + registration);
    }
    Objects.requireNonNull(owner, "owner");
    subscribers = Set.copyOf(subscribers);
    Objects.requireNonNull(latestEvent, "latestEvent");
  }
}
