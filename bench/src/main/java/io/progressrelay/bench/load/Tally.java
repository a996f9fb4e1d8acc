package io.progressrelay.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What a group of clients received: event count, reordered events and latency in microseconds. */
public final class Tally {
  private final Recorder latencies = new Recorder(3);
  private final LongAdder delivered = new LongAdder();
  private final LongAdder reordered = new LongAdder();
  private volatile long windowStartNanos = System.nanoTime();

  /**
   * Counts a frame published at {@code sentNanos} (the generator's clock) and received now. A frame
   * published before the window began belongs to an earlier window that gave up waiting for it: it
   * is not counted as this window's delivery or latency.
   */
  void record(long sentNanos, boolean inOrder) {
    long now = System.nanoTime();
    if (sentNanos - windowStartNanos < 0) {
      return;
    }
    latencies.recordValue(Math.max(0, now - sentNanos) / 1_000);
    delivered.increment();
    if (!inOrder) {
      reordered.increment();
    }
  }

  /** Events received since the last reset. */
  public long delivered() {
    return delivered.sum();
  }

  /** Events received out of their upload's sequence since the last reset. */
  public long reordered() {
    return reordered.sum();
  }

  /** Forgets everything received so far and starts a new window. */
  public void reset() {
    windowStartNanos = System.nanoTime();
    latencies.reset();
    delivered.reset();
    reordered.reset();
  }

  /** The latencies recorded since the last reset or snapshot, in microseconds. */
  public Histogram latencies() {
    return latencies.getIntervalHistogram();
  }
}
