package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.service.fanout.OutboundQueue.Slot;
import io.progressrelay.domain.DeliveryOutcome;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges one write's completion callback to its connection's write loop: a write that completes
 * while {@code write} is still on the stack is continued by the loop, a later one by the callback,
 * so draining a backlog never recurses. Records the frame's delivery on its tracker.
 */
final class WriteCompletion implements ClientGateway.WriteCallback {
  private static final int PENDING = 0;
  private static final int DONE_INLINE = 1;
  private static final int ASYNC = 2;

  private final ClientConnection connection;
  private final DeliveryTracker tracker;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private volatile Throwable failure;

  WriteCompletion(ClientConnection connection, DeliveryTracker tracker) {
    this.connection = connection;
    this.tracker = tracker;
  }

  @Override
  public void completed(Throwable failure) {
    this.failure = failure;
    if (tracker != null) {
      if (failure == null) {
        tracker.written();
      } else {
        tracker.missed(DeliveryOutcome.FAILED);
      }
    }
    if (failure != null) {
      connection.close();
    }
    if (!state.compareAndSet(PENDING, DONE_INLINE)) {
      connection.continueWriting(connection.afterWrite(failure));
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
