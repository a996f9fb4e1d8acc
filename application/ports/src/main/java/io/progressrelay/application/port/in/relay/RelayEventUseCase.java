package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;

/**
 * Forwards one event to the connections allowed to see it. Never blocks on a socket, a database
 * call or a lock a socket writer holds: it queues and returns, so the event source's thread is free
 * at once. Events of one channel must be handed over in publish order, from one thread.
 */
public interface RelayEventUseCase {
  void relay(ProgressEvent event);

  /**
   * The events handed over from now on up to {@code through} (a stream's checkpoint) were stored
   * and delivered before this instance started: they only rebuild what resuming clients can
   * recover, and are neither delivered nor stored again. Call before handing them over; later
   * events are relayed as usual.
   */
  default void windowOnlyThrough(Position through) {}

  /**
   * The events handed over come from a stream read after {@code start}: whatever came before it was
   * never handed over here, so no client can resume from before it.
   */
  default void readingAfter(Position start) {}
}
