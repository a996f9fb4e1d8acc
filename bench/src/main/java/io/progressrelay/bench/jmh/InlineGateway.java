package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.domain.UserId;

/**
 * A socket that is always writable: each write completes before {@code write} returns, as Jetty's
 * {@code sendText} does when the frame fits the socket buffer, so queues drain without any I/O.
 * Counts writes with a plain field: only the benchmark thread writes once the route is loaded.
 */
final class InlineGateway implements ClientGateway {
  private final String connectionId;
  private final UserId userId;
  private long written;
  private volatile Integer closeCode;

  InlineGateway(String connectionId, UserId userId) {
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
  public void write(String frame, WriteCallback callback) {
    written++;
    callback.completed(null);
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  /** Frames written so far, the greeting included. */
  long written() {
    return written;
  }

  /** The close code the engine sent, or null while open. */
  Integer closeCode() {
    return closeCode;
  }
}
