package io.progressrelay.application.port.in.relay;

/**
 * A connected client as the fan-out engine tracks it. Thread-safe: the socket's own thread and the
 * engine may call it at the same time.
 */
public interface ClientSession {
  String connectionId();

  /**
   * Queues a frame the relay itself says to this connection ({@code auth_success}, {@code
   * subscribed}, {@code error}, {@code ping}); it travels in order with the event frames, never
   * coalesced.
   */
  void send(String frame);

  /** The socket is gone: stop delivering, free the queue. Idempotent. */
  void close();
}
