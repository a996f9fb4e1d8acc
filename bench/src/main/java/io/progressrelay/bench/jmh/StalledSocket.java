package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.UserId;

/**
 * A socket whose reader never reads: the first write (the greeting) stays in flight forever, so
 * every later frame waits in the connection's queue, where progress coalesces.
 */
final class StalledSocket implements ClientSocket {
  private final String connectionId;
  private final UserId userId;
  private volatile long written;
  private volatile DisconnectReason disconnected;

  StalledSocket(String connectionId, UserId userId) {
    this.connectionId = connectionId;
    this.userId = userId;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public UserId userId() {
    return userId;
  }

  @Override
  public void write(FrameBatch frames, WriteCallback callback) {
    written++; // the callback is dropped: the write never completes
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    disconnected = reason;
  }

  /** Writes started, which must stay at one (the greeting). */
  long written() {
    return written;
  }

  /** Why the engine disconnected the socket, or null while open. */
  DisconnectReason disconnected() {
    return disconnected;
  }
}
