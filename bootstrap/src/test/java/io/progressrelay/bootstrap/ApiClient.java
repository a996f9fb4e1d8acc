package io.progressrelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.OpenApiContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small HTTP client for the REST tests: real requests, answers parsed as JSON, each checked
 * against the OpenAPI document, so the tests against the whole application are contract tests too.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An answer: status, raw body, the body as JSON (null when it is not JSON), and headers. */
  public record Answer(int status, String body, JsonNode json, HttpResponse<String> response) {
    public String errorCode() {
      return json.path("error").path("code").asText();
    }

    public String errorMessage() {
      return json.path("error").path("message").asText();
    }

    public String errorField() {
      return json.path("error").path("field").asText(null);
    }
  }

  public Answer get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Answer delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public Answer put(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json").PUT(body(json)));
  }

  public Answer post(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json").POST(body(json)));
  }

  /** A JSON {@code POST} with extra headers, given as name, value, name, value... */
  public Answer post(String path, String token, byte[] json, String... headers) {
    var builder =
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofByteArray(json));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return send(builder);
  }

  public Answer post(String path, String token) {
    return send(request(path, token).POST(BodyPublishers.noBody()));
  }

  /** Sends {@code body} with whatever content type and method the test needs. */
  public Answer send(
      String method, String path, String token, String contentType, BodyPublisher body) {
    return send(request(path, token).header("Content-Type", contentType).method(method, body));
  }

  /**
   * Sends only the head of a request that announces a {@code Content-Length} of {@code bytes}, over
   * a plain socket, and returns the status line: a server that refuses the size answers without
   * waiting for a body (an HTTP client would race the refusal with its upload).
   */
  public String statusLineForDeclaredLength(String method, String path, String token, long bytes)
      throws IOException {
    URI uri = URI.create(base + path);
    try (var socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\n"
              + "Host: "
              + uri.getHost()
              + "\r\n"
              + "Authorization: Bearer "
              + token
              + "\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: "
              + bytes
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      var reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return reader.readLine();
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static BodyPublisher body(String json) {
    return BodyPublishers.ofString(json);
  }

  private Answer send(HttpRequest.Builder builder) {
    try {
      HttpRequest request = builder.build();
      HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
      OpenApiContract.get()
          .check(
              request.method(),
              request.uri().getRawPath(),
              response.statusCode(),
              response.headers(),
              response.body());
      return new Answer(response.statusCode(), response.body(), parse(response.body()), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
