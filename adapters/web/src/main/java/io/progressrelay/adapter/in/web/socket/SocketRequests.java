package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.UnsubscribeFromUploadUseCase;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.UploadId;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what an authenticated client asks for: subscribe, unsubscribe, ping. Every failure
 * becomes an {@code error} frame and the socket stays open. Thread-safe; the subscription use cases
 * may block on the database, so callers run this on a thread that may block.
 */
final class SocketRequests {
  private static final Logger LOG = LoggerFactory.getLogger(SocketRequests.class);
  private static final String UPLOAD_ID = "upload_id";

  private final SubscribeToUploadUseCase subscribe;
  private final UnsubscribeFromUploadUseCase unsubscribe;

  SocketRequests(SubscribeToUploadUseCase subscribe, UnsubscribeFromUploadUseCase unsubscribe) {
    this.subscribe = subscribe;
    this.unsubscribe = unsubscribe;
  }

  /** The frame to answer with, or empty when the request needs no answer (a client pong). */
  Optional<String> answer(Caller caller, String text) {
    Optional<ClientFrame> parsed = ClientFrame.parse(text);
    if (parsed.isEmpty()) {
      return Optional.of(ServerFrames.error("invalid_json", "a frame must be a JSON object"));
    }
    ClientFrame frame = parsed.get();
    if (frame.isAuth()) {
      return Optional.of(
          ServerFrames.error("already_authenticated", "this connection is already authenticated"));
    }
    String action = frame.action().orElse("");
    return switch (action) {
      case "subscribe_upload" -> Optional.of(subscribe(caller, frame));
      case "unsubscribe_upload" -> Optional.of(unsubscribe(caller, frame));
      case "ping" -> Optional.of(ServerFrames.PONG);
      case "pong" -> Optional.empty();
      default -> Optional.of(unknownAction(action));
    };
  }

  private String subscribe(Caller caller, ClientFrame frame) {
    return onUpload(
        frame,
        upload -> {
          subscribe.subscribe(caller, upload);
          return ServerFrames.subscribed(upload);
        });
  }

  private String unsubscribe(Caller caller, ClientFrame frame) {
    return onUpload(
        frame,
        upload -> {
          unsubscribe.unsubscribe(caller, upload);
          return ServerFrames.unsubscribed(upload);
        });
  }

  // Reads the frame's upload id, runs the use case, and turns every refusal into an error frame.
  private String onUpload(ClientFrame frame, Function<UploadId, String> action) {
    UploadId upload;
    try {
      upload = uploadId(frame);
    } catch (InvalidValueException e) {
      return ServerFrames.error("invalid_value", e.getMessage());
    }
    try {
      return action.apply(upload);
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
