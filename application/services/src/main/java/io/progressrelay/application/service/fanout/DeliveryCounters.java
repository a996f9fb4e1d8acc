package io.progressrelay.application.service.fanout;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections of one engine report as they write or lose frames: batches of frames
 * written, event frames written and their latency from Redis receipt, and sockets closed as slow
 * consumers with the frames they lost. Lock-free (striped counters), so writes completing on many
 * threads do not contend; thread-safe.
 */
final class DeliveryCounters {
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LongAdder slowConsumersClosed = new LongAdder();
  private final LongAdder framesDropped = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder catchUps = new LongAdder();
  private final LongAdder eventsRecovered = new LongAdder();
  private final LongAdder gaps = new LongAdder();

  /** A client that resumes started its catch-up after authenticating. */
  void caughtUp() {
    catchUps.increment();
  }

  /** A client that resumed a channel got what it missed ({@code events}) or a gap. */
  void resumed(ChannelHistory.Recovery recovery) {
    if (recovery == null) {
      return;
    }
    if (recovery.recovered()) {
      eventsRecovered.add(recovery.events().size());
    } else {
      gaps.increment();
    }
  }

  /** A client was told it may have missed events of a channel (its listener was away). */
  void gap() {
    gaps.increment();
  }

  long catchUps() {
    return catchUps.sum();
  }

  long eventsRecovered() {
    return eventsRecovered.sum();
  }

  long gaps() {
    return gaps.sum();
  }

  /** A delivery thread handed one batch of frames to a socket as one write. */
  void wrote() {
    writes.increment();
  }

  /** An event frame was written {@code latencyNanos} after its event was received. */
  void written(long latencyNanos) {
    latency.record(latencyNanos);
  }

  /** A socket was closed as a slow consumer, losing {@code frames} frames with it. */
  void closedSlow(int frames) {
    slowConsumersClosed.increment();
    framesDropped.add(frames);
  }

  LatencyHistogram latency() {
    return latency;
  }

  long slowConsumersClosed() {
    return slowConsumersClosed.sum();
  }

  long framesDropped() {
    return framesDropped.sum();
  }

  long writes() {
    return writes.sum();
  }
}
