package io.progressrelay.adapter.in.web.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** One text frame a client sent, parsed as a JSON object. Immutable. */
final class ClientFrame {
  // A frame is one JSON object and nothing else: "{...} x" or two objects are not JSON.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ObjectNode json;

  private ClientFrame(ObjectNode json) {
    this.json = json;
  }

  /**
   * The frame, or empty when {@code text} is not exactly one JSON object (whitespace around it
   * aside).
   */
  static Optional<ClientFrame> parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node instanceof ObjectNode object
          ? Optional.of(new ClientFrame(object))
          : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** True for {@code {"type":"auth",...}}, the only frame a client may send before auth. */
  boolean isAuth() {
    return "auth".equals(text("type").orElse(null));
  }

  /** The {@code action} field, when it is a string. */
  Optional<String> action() {
    return text("action");
  }

  /** Whether {@code field} is present and not null. */
  boolean has(String field) {
    JsonNode value = json.get(field);
    return value != null && !value.isNull();
  }

  /** The string value of {@code field}; empty when absent, null or not a string. */
  Optional<String> text(String field) {
    JsonNode value = json.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }
}
