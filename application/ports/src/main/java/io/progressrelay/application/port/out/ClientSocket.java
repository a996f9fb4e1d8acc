package io.progressrelay.application.port.out;

import io.progressrelay.domain.UserId;

/**
 * One browser connection as the fan-out engine sees it. The engine's delivery threads hand it the
 * frames waiting for the socket as one batch, at most one batch in flight at a time, and learn
 * through a callback when they left; when the engine gives up on the connection it says why, never
 * which close code to send.
 */
public interface ClientSocket {
  /** Told once when a write finished; {@code failure} is null on success. */
  @FunctionalInterface
  interface WriteCallback {
    void completed(Throwable failure);
  }

  String connectionId();

  UserId userId();

  /**
   * Starts writing {@code frames}, in order, together, as one batch the socket writes with as few
   * system calls as it can; returns without waiting for the socket and calls {@code callback} once
   * every frame has left, or the write failed. The callback may run before this method returns.
   * {@code frames} is only valid during this call; a socket that sends bytes should use each
   * frame's {@link TextFrame#utf8()}, encoded once for every recipient.
   */
  void write(FrameBatch frames, WriteCallback callback);

  /** Ends the connection for {@code reason}; frames already handed over may still go out first. */
  void disconnect(DisconnectReason reason);
}
