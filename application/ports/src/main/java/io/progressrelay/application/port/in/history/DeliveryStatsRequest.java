package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.history.BucketSize;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which period to count outcomes over ({@code since} inclusive, {@code until} exclusive) and in
 * which buckets; what is left out takes the defaults: the last hour, by minute.
 */
public record DeliveryStatsRequest(
    Optional<Instant> since, Optional<Instant> until, Optional<BucketSize> bucket) {
  public DeliveryStatsRequest {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(bucket, "bucket");
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new InvalidValueException("until", "'until' must be later than 'since'");
    }
  }

  /** All defaults: the last hour, by minute. */
  public static DeliveryStatsRequest lastHour() {
    return new DeliveryStatsRequest(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
