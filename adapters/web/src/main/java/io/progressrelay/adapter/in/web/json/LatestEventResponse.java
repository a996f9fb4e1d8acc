package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.progressrelay.domain.LatestEvent;
import java.time.Instant;

/** An upload's latest event, with the worker's payload embedded as JSON rather than as a string. */
public record LatestEventResponse(
    String action, Instant receivedAt, boolean terminal, JsonNode payload) {
  public static LatestEventResponse of(LatestEvent event, ObjectMapper mapper) {
    return new LatestEventResponse(
        event.action(), event.receivedAt(), event.isTerminal(), embed(event.payload(), mapper));
  }

  // Workers publish JSON, but a payload that is not JSON must not break the whole answer.
  private static JsonNode embed(String payload, ObjectMapper mapper) {
    try {
      return mapper.readTree(payload);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(payload);
    }
  }
}
