package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.UploadId;
import java.util.function.Supplier;

/**
 * A connected client as the fan-out engine tracks it. Thread-safe: the socket's own thread and the
 * engine may call it at the same time.
 */
public interface ClientConnection {
  String connectionId();

  /**
   * Queues a frame the relay itself says to this connection ({@code auth_success}, {@code
   * subscribed}, {@code error}, {@code ping}); it travels in order with the event frames, never
   * coalesced.
   */
  void send(String frame);

  /**
   * Runs {@code request}, this connection's own request to subscribe to {@code upload}, and queues
   * the answer it returns. When the request makes the engine send this connection the upload's
   * latest event ({@link ClientCapabilities#latestOnSubscribe()}), that event is queued after the
   * answer, never before it, and not at all when a newer event of the upload was queued meanwhile.
   * The request may block; a connection runs one such request at a time.
   *
   * @throws IllegalStateException when another request of this connection is still running
   */
  void answerSubscribe(UploadId upload, Supplier<String> request);

  /** The socket is gone: stop delivering, free the queue. Idempotent. */
  void close();
}
