package io.progressrelay.domain;

import java.time.Instant;
import java.util.Objects;

/** A user's wish to receive an upload's events on all of their connections. */
public record Subscription(UserId userId, UploadId uploadId, Instant subscribedAt) {
  public Subscription {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(subscribedAt, "subscribedAt");
  }
}
