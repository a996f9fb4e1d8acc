package io.progressrelay.bench.load;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What a group of clients received: event count, reordered events and latency in microseconds. */
public final class Tally {
  private final Recorder latencies = new Recorder(3);
  private final LongAdder delivered = new LongAdder();
  private final LongAdder reordered = new LongAdder();
  private final CopyOnWriteArrayList<Phase> phases = new CopyOnWriteArrayList<>();
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
    long micros = Math.max(0, now - sentNanos) / 1_000;
    latencies.recordValue(micros);
    for (Phase phase : phases) {
      if (phase.covers(sentNanos)) {
        phase.recorder.recordValue(micros);
      }
    }
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

  /**
   * From now on also keeps apart the latencies of frames published (the generator's clock) from
   * {@code fromNanos} on, until {@link Phase#end} is called or up to {@code toNanos} when given.
   */
  public Phase phase(long fromNanos, Long toNanos) {
    var phase = new Phase(fromNanos, toNanos);
    phases.add(phase);
    return phase;
  }

  /** Forgets everything received so far and starts a new window, with no phases. */
  public void reset() {
    phases.clear();
    windowStartNanos = System.nanoTime();
    latencies.reset();
    delivered.reset();
    reordered.reset();
  }

  /** The latencies recorded since the last reset or snapshot, in microseconds. */
  public Histogram latencies() {
    return latencies.getIntervalHistogram();
  }

  /** A part of a window, by the frames' publishing time, with its own latencies. */
  public static final class Phase {
    private final Recorder recorder = new Recorder(3);
    private final long fromNanos;
    private volatile boolean ended;
    private volatile long toNanos;

    private Phase(long fromNanos, Long toNanos) {
      this.fromNanos = fromNanos;
      this.ended = toNanos != null;
      this.toNanos = toNanos == null ? 0 : toNanos;
    }

    /** Frames published from {@code nanos} on belong to this phase no more. */
    public void end(long nanos) {
      toNanos = nanos;
      ended = true;
    }

    private boolean covers(long sentNanos) {
      return sentNanos - fromNanos >= 0 && (!ended || sentNanos - toNanos < 0);
    }

    /** The latencies recorded in this phase, in microseconds. */
    public Histogram latencies() {
      return recorder.getIntervalHistogram();
    }
  }
}
