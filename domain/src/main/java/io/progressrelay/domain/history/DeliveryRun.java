package io.progressrelay.domain.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A run of {@code coalesced} or {@code rate_limited} frames of one recipient, kept as one record:
 * {@code count} frames in a row, from {@code firstEventId} to the record's own event (the run's
 * last), each replaced before it was sent.
 */
public record DeliveryRun(int count, String firstEventId, Instant firstReceivedAt) {
  public DeliveryRun {
    Objects.requireNonNull(firstEventId, "firstEventId");
    Objects.requireNonNull(firstReceivedAt, "firstReceivedAt");
    if (count < 2) {
      throw new IllegalArgumentException("a run has at least 2 frames, got " + count);
    }
  }
}
