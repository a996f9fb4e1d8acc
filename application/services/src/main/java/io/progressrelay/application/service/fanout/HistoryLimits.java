package io.progressrelay.application.service.fanout;

import java.time.Duration;

/**
 * How much of each channel's recent events an instance keeps for clients that resume: at most
 * {@code maxEvents} per channel (0 keeps none) and none older than {@code maxAge}.
 */
record HistoryLimits(int maxEvents, Duration maxAge) {
  HistoryLimits {
    if (maxEvents < 0 || maxEvents > 10_000) {
      throw new IllegalArgumentException("the history size must be between 0 and 10000");
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the history age must be positive");
    }
  }

  long maxAgeNanos() {
    return maxAge.toNanos();
  }
}
