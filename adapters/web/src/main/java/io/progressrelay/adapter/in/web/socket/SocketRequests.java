package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.UnsubscribeFromUploadUseCase;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what an authenticated client asks for: subscribe, unsubscribe, ping. Every failure
 * becomes an {@code error} frame and the socket stays open. Answers go out through the client's
 * engine session, in the order of the requests. Thread-safe; the subscription use cases may block
 * on the database, so callers run this on a thread that may block.
 */
final class SocketRequests {
  private static final Logger LOG = LoggerFactory.getLogger(SocketRequests.class);
  private static final String UPLOAD_ID = "upload_id";
  private static final String SINCE = "since";

  private final SubscribeToUploadUseCase subscribe;
  private final UnsubscribeFromUploadUseCase unsubscribe;

  SocketRequests(SubscribeToUploadUseCase subscribe, UnsubscribeFromUploadUseCase unsubscribe) {
    this.subscribe = subscribe;
    this.unsubscribe = unsubscribe;
  }

  /**
   * Answers {@code frame} (empty when the text was not a JSON object) on {@code client}; a client
   * pong needs no answer.
   */
  void answer(Caller caller, ClientConnection client, Optional<ClientFrame> parsed) {
    answer(caller, client, parsed, false);
  }

  /**
   * As above, for a client that {@code resumes} ({@code progress-relay.v3}): its {@code
   * subscribe_upload} may carry {@code since}, the position it last saw of the upload.
   */
  void answer(
      Caller caller, ClientConnection client, Optional<ClientFrame> parsed, boolean resumes) {
    if (parsed.isEmpty()) {
      client.send(ServerFrames.error("invalid_json", "a frame must be a JSON object"));
      return;
    }
    ClientFrame frame = parsed.get();
    if (frame.isAuth()) {
      client.send(
          ServerFrames.error("already_authenticated", "this connection is already authenticated"));
      return;
    }
    String action = frame.action().orElse("");
    switch (action) {
      case "subscribe_upload" -> subscribe(caller, client, frame, resumes);
      case "unsubscribe_upload" -> client.send(unsubscribe(caller, frame));
      case "ping" -> client.send(ServerFrames.PONG);
      case "pong" -> {
        // only proves liveness
      }
      default -> client.send(unknownAction(action));
    }
  }

  // The engine queues the upload's latest event, for a client that wants it, after the answer.
  private void subscribe(
      Caller caller, ClientConnection client, ClientFrame frame, boolean resumes) {
    UploadId upload;
    try {
      upload = uploadId(frame);
    } catch (InvalidValueException e) {
      client.send(ServerFrames.error("invalid_value", e.getMessage()));
      return;
    }
    Optional<Position> since = Optional.empty();
    if (resumes && frame.has(SINCE)) {
      since = frame.text(SINCE).flatMap(Position::parse);
      if (since.isEmpty()) {
        client.send(
            ServerFrames.error(
                "invalid_value",
                "'since' must be a position this relay sent (a string such as \"k3x9q2ab:42\" or"
                    + " \"1733560000000-5\")",
                upload));
        return;
      }
    }
    client.answerSubscribe(
        upload,
        since,
        () ->
            attempt(
                upload,
                () -> {
                  subscribe.subscribe(caller, upload);
                  return ServerFrames.subscribed(upload);
                }));
  }

  private String unsubscribe(Caller caller, ClientFrame frame) {
    UploadId upload;
    try {
      upload = uploadId(frame);
    } catch (InvalidValueException e) {
      return ServerFrames.error("invalid_value", e.getMessage());
    }
    return attempt(
        upload,
        () -> {
          unsubscribe.unsubscribe(caller, upload);
          return ServerFrames.unsubscribed(upload);
        });
  }

  // Runs the use case and turns every refusal into an error frame.
  private static String attempt(UploadId upload, Supplier<String> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return failure(e, upload);
    }
  }

  private static UploadId uploadId(ClientFrame frame) {
    String value =
        frame
            .text(UPLOAD_ID)
            .orElseThrow(
                () -> new InvalidValueException(UPLOAD_ID, "'upload_id' is required (a string)"));
    return UploadId.parse(UPLOAD_ID, value);
  }

  // The same mapping as the REST API's, as error frames; a stranger reads exactly like a miss.
  private static String failure(RuntimeException e, UploadId upload) {
    if (e instanceof UploadNotFoundException) {
      return ServerFrames.error("not_found", e.getMessage(), upload);
    }
    if (e instanceof SubscriptionLimitException) {
      return ServerFrames.error("subscription_limit", e.getMessage(), upload);
    }
    if (e instanceof StorageUnavailableException) {
      LOG.warn("a socket request for upload {} failed: {}", upload, e.getMessage());
      return ServerFrames.error(
          "unavailable", "storage is temporarily unavailable; retry later", upload);
    }
    if (e instanceof InvalidValueException) {
      return ServerFrames.error("invalid_value", e.getMessage(), upload);
    }
    LOG.error("a socket request for upload {} failed", upload, e);
    return ServerFrames.error("internal", "an internal error occurred", upload);
  }

  private static String unknownAction(String action) {
    String message =
        action.isEmpty()
            ? "a frame needs an 'action' (subscribe_upload, unsubscribe_upload, ping, pong)"
            : "unknown action; expected subscribe_upload, unsubscribe_upload, ping or pong";
    return ServerFrames.error("unknown_action", message);
  }
}
