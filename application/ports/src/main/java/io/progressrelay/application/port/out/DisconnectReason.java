package io.progressrelay.application.port.out;

/**
 * Why the fan-out engine gives up on a connection; the socket that owns the socket decides how to
 * tell the client (a WebSocket adapter picks a close code).
 */
public enum DisconnectReason {
  /**
   * A frame did not fit the connection's bounded queue: the client read too slowly to keep up and
   * should reconnect and catch up rather than silently miss frames.
   */
  SLOW_CONSUMER
}
