package io.progressrelay.application.service.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivery latencies counted in fixed buckets from 100 µs to 10 s, cheap enough to record on every
 * completed socket write: a short scan of the bounds and two striped increments, no lock and no
 * allocation. Read at scrape time; thread-safe.
 */
public final class LatencyHistogram {
  private static final long[] UPPER_BOUNDS_NANOS = {
    100_000L,
    250_000L,
    500_000L,
    1_000_000L,
    2_500_000L,
    5_000_000L,
    10_000_000L,
    25_000_000L,
    50_000_000L,
    100_000_000L,
    250_000_000L,
    500_000_000L,
    1_000_000_000L,
    2_500_000_000L,
    5_000_000_000L,
    10_000_000_000L
  };

  // One per bound, plus one for everything above the last.
  private final LongAdder[] counts = new LongAdder[UPPER_BOUNDS_NANOS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  LatencyHistogram() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts one latency; most fall in the first buckets, so the scan is short. */
  void record(long nanos) {
    int bucket = 0;
    while (bucket < UPPER_BOUNDS_NANOS.length && nanos > UPPER_BOUNDS_NANOS[bucket]) {
      bucket++;
    }
    counts[bucket].increment();
    sumNanos.add(nanos);
  }

  /** Every latency recorded so far. */
  long count() {
    long count = 0;
    for (LongAdder bucket : counts) {
      count += bucket.sum();
    }
    return count;
  }

  /** The counts so far; the total is the sum of the buckets, so the two always agree. */
  public Snapshot snapshot() {
    List<Bucket> buckets = new ArrayList<>(UPPER_BOUNDS_NANOS.length);
    long cumulative = 0;
    for (int i = 0; i < UPPER_BOUNDS_NANOS.length; i++) {
      cumulative += counts[i].sum();
      buckets.add(new Bucket(UPPER_BOUNDS_NANOS[i], cumulative));
    }
    cumulative += counts[UPPER_BOUNDS_NANOS.length].sum();
    return new Snapshot(List.copyOf(buckets), cumulative, sumNanos.sum());
  }

  /** How many latencies were at most {@code upperBoundNanos}. */
  public record Bucket(long upperBoundNanos, long cumulativeCount) {}

  /**
   * The histogram at one moment.
   *
   * @param buckets cumulative counts by upper bound, ascending; latencies above the last bound are
   *     only in {@code count}
   * @param count every latency recorded
   * @param sumNanos their sum
   */
  public record Snapshot(List<Bucket> buckets, long count, long sumNanos) {}
}
