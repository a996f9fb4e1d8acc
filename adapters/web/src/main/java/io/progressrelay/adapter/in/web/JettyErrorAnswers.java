package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.json.ErrorResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, to requests that never reach a route (a path its URI rules
 * refuse, a request line or header it cannot parse), in the API's JSON error shape instead of
 * Jetty's HTML page.
 */
final class JettyErrorAnswers extends ErrorHandler {
  private static final HttpField JSON =
      new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

  private final ObjectMapper mapper;

  JettyErrorAnswers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(JSON);
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    return ByteBuffer.wrap(body(status));
  }

  // Jetty's reason may quote the refused input; the answer names only the status.
  private byte[] body(int status) {
    String code = status == 400 ? "bad_request" : "http_" + status;
    String message = HttpStatus.getMessage(status);
    try {
      return mapper.writeValueAsBytes(ErrorResponse.of(code, message, null));
    } catch (JsonProcessingException e) {
      return ("{\"error\":{\"code\":\"" + code + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
