package io.progressrelay.application.port.in.relay;

import io.progressrelay.application.port.in.RelayException;

/** The user already holds the maximum number of live connections on this instance. */
public final class ConnectionLimitException extends RelayException {
  private static final long serialVersionUID = 1L;

  public ConnectionLimitException(int limit) {
    super("too many connections: a user may hold at most " + limit + " at once");
  }
}
