package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Optional;
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
  default void answerSubscribe(UploadId upload, Supplier<String> request) {
    answerSubscribe(upload, Optional.empty(), request);
  }

  /**
   * As {@link #answerSubscribe(UploadId, Supplier)}, for a client that resumes the upload: after
   * the answer it receives the upload's events since {@code since} (those it missed), or, when they
   * are no longer all known, a {@code gap} frame and the latest event. Without {@code since}, the
   * latest event as in {@link #answerSubscribe(UploadId, Supplier)}.
   */
  void answerSubscribe(UploadId upload, Optional<Position> since, Supplier<String> request);

  /**
   * Queues the catch-up of a client that resumes ({@link ClientCapabilities#resumes()}) right after
   * authenticating: for each upload of {@code followedNewestFirst} (already authorized and bounded
   * by the caller) and for the user's own channel, the events since {@code since}, or a {@code gap}
   * frame and the latest state when they are not all known, or only the latest state without {@code
   * since}; then {@code caught_up}. Returns at once; the frames follow in that order.
   */
  void catchUp(Optional<Position> since, List<UploadId> followedNewestFirst);

  /** The socket is gone: stop delivering, free the queue. Idempotent. */
  void close();
}
