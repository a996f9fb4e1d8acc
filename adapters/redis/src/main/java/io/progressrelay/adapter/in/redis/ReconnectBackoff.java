package io.progressrelay.adapter.in.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(max, initial * 2^n)],
 * so many instances that lost the same Redis do not reconnect in lockstep. Used by one thread. Kept
 * by hand rather than a retry library (Failsafe, resilience4j): the listener resets it when a
 * subscription succeeds, in the middle of a call that lasts until the connection drops, and waits
 * on its own close latch, which a retry executor that runs the call itself cannot express
 * (docs/architecture.md, "Libraries and what we keep by hand").
 */
final class ReconnectBackoff {
  /** Picks the actual wait in [0, ceiling] milliseconds. */
  static final LongUnaryOperator FULL_JITTER =
      ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1);

  private final long initialMillis;
  private final long maxMillis;
  private final LongUnaryOperator jitter;
  private int attempts;

  ReconnectBackoff(Duration initial, Duration max, LongUnaryOperator jitter) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.jitter = jitter;
  }

  /** How long to wait before the next attempt, in milliseconds. */
  long nextDelayMillis() {
    int doublings = Math.min(attempts, 30); // 2^30 ms is beyond any sensible cap; avoid overflow
    attempts++;
    long ceiling = Math.min(maxMillis, initialMillis << doublings);
    return jitter.applyAsLong(ceiling);
  }

  /** Starts again from the initial wait, after a successful subscribe. */
  void reset() {
    attempts = 0;
  }
}
