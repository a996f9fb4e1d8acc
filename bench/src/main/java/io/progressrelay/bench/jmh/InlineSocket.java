package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.UserId;

/**
 * A socket that is always writable: each write completes before {@code write} returns, as Jetty's
 * does when the frames fit the socket buffer, so queues drain without any I/O. Counts the frames
 * written in a volatile field that only the connection's delivery thread writes, and allocates
 * nothing, so an allocation profile shows the engine's own.
 */
final class InlineSocket implements ClientSocket {
  private final String connectionId;
  private final UserId userId;
  private volatile long written;
  private volatile DisconnectReason disconnected;

  InlineSocket(String connectionId, UserId userId) {
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
    written += frames.size(); // one writer thread per connection: no update is lost
    callback.completed(null);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    disconnected = reason;
  }

  /** Frames written so far, the greeting included. */
  long written() {
    return written;
  }

  /** Why the engine disconnected the socket, or null while open. */
  DisconnectReason disconnected() {
    return disconnected;
  }
}
