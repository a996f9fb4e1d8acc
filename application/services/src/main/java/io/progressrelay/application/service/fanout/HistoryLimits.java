package io.progressrelay.application.service.fanout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much of each channel's recent events an instance keeps for clients that resume: at most
 * {@code maxEvents} per channel (0 keeps none), none older than {@code maxAge}, and about {@code
 * maxBytes} of payload over all channels together, which {@link #used()} counts. Past that budget
 * every channel that takes a new event halves its own history first, so the busiest channels give
 * way and the total comes back under the budget as events arrive.
 */
record HistoryLimits(int maxEvents, Duration maxAge, long maxBytes, AtomicLong used) {
  HistoryLimits {
    if (maxEvents < 0 || maxEvents > 10_000) {
      throw new IllegalArgumentException("the history size must be between 0 and 10000");
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the history age must be positive");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the history budget must be positive");
    }
  }

  long maxAgeNanos() {
    return maxAge.toNanos();
  }

  /** Whether the histories together hold more than the budget. */
  boolean overBudget() {
    return used.get() > maxBytes;
  }
}
