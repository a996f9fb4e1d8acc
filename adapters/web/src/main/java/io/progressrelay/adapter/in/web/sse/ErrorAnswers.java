package io.progressrelay.adapter.in.web.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.json.ErrorResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answers of event-stream requests refused before their stream starts, in the API's JSON error
 * shape ({@code {"error":{"code","message","field"?}}}). Thread-safe.
 */
final class ErrorAnswers {
  private static final HttpField JSON =
      new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

  private final ObjectMapper mapper;

  ErrorAnswers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Answers {@code status} with the error body, completing the exchange. */
  void send(
      Response response, Callback exchange, int status, String code, String message, String field) {
    response.setStatus(status);
    response.getHeaders().put(JSON);
    response.write(true, ByteBuffer.wrap(body(code, message, field)), exchange);
  }

  private byte[] body(String code, String message, String field) {
    try {
      return mapper.writeValueAsBytes(ErrorResponse.of(code, message, field));
    } catch (JsonProcessingException e) {
      return ("{\"error\":{\"code\":\"" + code + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
