package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.service.fanout.OutboundQueue.Slot;
import io.progressrelay.domain.DeliveryOutcome;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges one write's completion callback to its connection's write loop: a write that completes
 * while {@code write} is still on the stack is continued by the loop, a later one by the callback,
 * so draining a backlog never recurses. Records the frame's delivery on its tracker and, for a new
 * event, its latency from receipt.
 */
final class WriteCompletion implements ClientGateway.WriteCallback {
  private static final int PENDING = 0;
  private static final int DONE_INLINE = 1;
  private static final int ASYNC = 2;

  private final ClientConnection connection;
  private final DeliveryTracker tracker;
  private final OutboundFrame frame;
  private final DeliveryCounters counters;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private volatile Throwable failure;

  WriteCompletion(
      ClientConnection connection,
      DeliveryTracker tracker,
      OutboundFrame frame,
      DeliveryCounters counters) {
    this.connection = connection;
    this.tracker = tracker;
    this.frame = frame;
    this.counters = counters;
  }

  @Override
  public void completed(Throwable failure) {
    this.failure = failure;
    if (failure == null) {
      written();
    } else if (tracker != null) {
      tracker.missed(DeliveryOutcome.FAILED);
    }
    if (failure != null) {
      connection.close();
    }
    if (!state.compareAndSet(PENDING, DONE_INLINE)) {
      connection.continueWriting(connection.afterWrite(failure));
    }
  }

  // One clock read serves both the latency and the history record.
  private void written() {
    if (!frame.timed() && tracker == null) {
      return;
    }
    long now = System.nanoTime();
    if (frame.timed()) {
      counters.written(now - frame.receivedNanos());
    }
    if (tracker != null) {
      tracker.written(now);
    }
  }

  /** For the write loop: the next slot to write now, or null when a callback will continue. */
  Slot continueHere() {
    if (state.compareAndSet(PENDING, ASYNC)) {
      return null;
    }
    return connection.afterWrite(failure);
  }
}
