package io.progressrelay.application.port.out.history;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryCursor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of delivery history: every filter is optional; results are newest first, at most {@code
 * limit}, starting after {@code after}.
 */
public record DeliveryQuery(
    Optional<String> uploadId,
    Optional<String> userId,
    Optional<String> action,
    Optional<DeliveryOutcome> outcome,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<DeliveryCursor> after) {
  public DeliveryQuery {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }
}
