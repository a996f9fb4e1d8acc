package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.ProgressEvent;

/**
 * Forwards one event to the connections allowed to see it. Never blocks on a socket, a database
 * call or a lock a socket writer holds: it queues and returns, so the event source's thread is free
 * at once. Events of one channel must be handed over in publish order, from one thread.
 */
public interface RelayEventUseCase {
  void relay(ProgressEvent event);
}
