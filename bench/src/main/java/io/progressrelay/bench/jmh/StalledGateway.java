package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.domain.UserId;

/**
 * A socket whose reader never reads: the first write (the greeting) stays in flight forever, so
 * every later frame waits in the connection's queue, where progress coalesces.
 */
final class StalledGateway implements ClientGateway {
  private final String connectionId;
  private final UserId userId;
  private volatile long written;
  private volatile Integer closeCode;

  StalledGateway(String connectionId, UserId userId) {
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
    written++; // the callback is dropped: the write never completes
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  /** Writes started, which must stay at one (the greeting). */
  long written() {
    return written;
  }

  /** The close code the engine sent, or null while open. */
  Integer closeCode() {
    return closeCode;
  }
}
