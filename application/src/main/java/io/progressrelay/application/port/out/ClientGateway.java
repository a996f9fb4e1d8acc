package io.progressrelay.application.port.out;

import io.progressrelay.domain.UserId;

/**
 * One browser connection as the fan-out engine sees it: frames go out without blocking, one write
 * in flight at a time, and the outcome comes back through a callback.
 */
public interface ClientGateway {
  /** Told when a write finished; {@code failure} is null on success. */
  @FunctionalInterface
  interface WriteCallback {
    void completed(Throwable failure);
  }

  String connectionId();

  UserId userId();

  /** Starts writing {@code frame}; returns at once and calls {@code callback} when done. */
  void write(String frame, WriteCallback callback);

  /**
   * Starts writing a frame shared with other recipients; a gateway that sends bytes should use
   * {@link TextFrame#utf8()}, encoded once for all of them. By default writes its text.
   */
  default void write(TextFrame frame, WriteCallback callback) {
    write(frame.text(), callback);
  }

  /** Closes the connection with a WebSocket close code and a reason for the client. */
  void close(int code, String reason);
}
