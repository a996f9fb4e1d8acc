package io.progressrelay.adapter.in.web.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;

/**
 * The frames the relay itself says to a client, as JSON text in the Python relay's shapes ({@code
 * action} first). Thread-safe.
 */
final class ServerFrames {
  static final String PING = "{\"action\":\"ping\"}";
  static final String PONG = "{\"action\":\"pong\"}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServerFrames() {}

  static String authSuccess(UserId user) {
    return write(action("auth_success").put("user_id", user.value()));
  }

  static String authError(String message) {
    return write(action("auth_error").put("message", message));
  }

  /** The answer to a v2 client's new token: the socket now closes at {@code expiresAt}. */
  static String tokenRefreshed(Instant expiresAt) {
    return write(action("token_refreshed").put("expires_at", expiresAt.toString()));
  }

  static String subscribed(UploadId upload) {
    return write(action("subscribed").put("upload_id", upload.value()));
  }

  static String unsubscribed(UploadId upload) {
    return write(action("unsubscribed").put("upload_id", upload.value()));
  }

  static String error(String code, String message) {
    return write(action("error").put("code", code).put("message", message));
  }

  /** An error about one upload; the id lets the client tell which request failed. */
  static String error(String code, String message, UploadId upload) {
    return write(
        action("error").put("code", code).put("message", message).put("upload_id", upload.value()));
  }

  private static ObjectNode action(String action) {
    return MAPPER.createObjectNode().put("action", action);
  }

  private static String write(ObjectNode frame) {
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }
}
