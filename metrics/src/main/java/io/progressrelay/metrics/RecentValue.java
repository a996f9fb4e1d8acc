package io.progressrelay.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value that is costly to compute (a walk over every connection or route), computed at most once
 * per {@code maxAge} so that the several gauges of one scrape share a single walk. Thread-safe.
 */
final class RecentValue<T> implements Supplier<T> {
  private final Supplier<T> source;
  private final long maxAgeNanos;
  private T value;
  private long computedAtNanos;

  RecentValue(Supplier<T> source, Duration maxAge) {
    this.source = source;
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public synchronized T get() {
    long now = System.nanoTime();
    if (value == null || now - computedAtNanos > maxAgeNanos) {
      value = source.get();
      computedAtNanos = now;
    }
    return value;
  }
}
