package io.progressrelay.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An upload whose progress the relay forwards: who owns it, since when, and its latest event. */
public record Upload(
    UploadId id, UserId owner, Instant createdAt, Optional<LatestEvent> latestEvent) {
  public Upload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(latestEvent, "latestEvent");
  }

  public static Upload registered(UploadId id, UserId owner, Instant createdAt) {
    return new Upload(id, owner, createdAt, Optional.empty());
  }

  public Upload withLatestEvent(LatestEvent event) {
    return new Upload(id, owner, createdAt, Optional.of(event));
  }

  public boolean isOwnedBy(UserId user) {
    return owner.equals(user);
  }

  /** When the upload reached its end (completed or failed), if its latest event says it has. */
  public Optional<Instant> finishedAt() {
    return latestEvent.filter(LatestEvent::isTerminal).map(LatestEvent::receivedAt);
  }
}
