package io.progressrelay.adapter.in.web.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** One HTTP answer as a test sees it: status, headers, raw body and the body parsed as JSON. */
public record ApiResponse(int status, HttpHeaders headers, String body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The body as JSON; fails the test with the raw body when it is not JSON. */
  public JsonNode json() {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the body is not JSON: " + body, e);
    }
  }

  public String errorCode() {
    return json().path("error").path("code").asText(null);
  }

  public String errorField() {
    return json().path("error").path("field").asText(null);
  }

  public String errorMessage() {
    return json().path("error").path("message").asText(null);
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
