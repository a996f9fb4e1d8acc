package io.progressrelay.adapter.in.web.socket;

import java.util.function.LongSupplier;

/**
 * Allows {@code ratePerSecond} events on average and up to {@code burst} at once; starts full.
 * Thread-safe. Kept by hand rather than Bucket4j: one per socket, taken per client frame, it
 * allocates nothing and retains 48 bytes, where Bucket4j's default bucket allocates a state per
 * take and retains over 300 bytes (docs/architecture.md, "Libraries and what we keep by hand").
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  TokenBucket(int ratePerSecond, int burst, LongSupplier nanoTime) {
    this.capacity = burst;
    this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Takes one token; false when the bucket is empty, i.e. the caller is over the limit. */
  synchronized boolean tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
