package io.progressrelay.adapter.in.web.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Talks to a running relay over real HTTP with one bearer token (or none), and checks every answer
 * against the OpenAPI document ({@link OpenApiContract}): every test that uses it is a contract
 * test too. {@link #withoutContract()} is for the few tests that look at answers the contract
 * cannot describe.
 */
public final class ApiClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI baseUri;
  private final String token;
  private final boolean checked;

  /**
   * A client for the server at {@code baseUri} (e.g. {@code http://localhost:8080}); token may be
   * null.
   */
  public ApiClient(URI baseUri, String token) {
    this(baseUri, token, true);
  }

  private ApiClient(URI baseUri, String token, boolean checked) {
    this.baseUri = baseUri;
    this.token = token;
    this.checked = checked;
  }

  public ApiClient withToken(String newToken) {
    return new ApiClient(baseUri, newToken, checked);
  }

  /** The same client, without checking the answers against the OpenAPI document. */
  public ApiClient withoutContract() {
    return new ApiClient(baseUri, token, false);
  }

  public ApiResponse get(String path) {
    return send(request(path).GET());
  }

  public ApiResponse delete(String path) {
    return send(request(path).DELETE());
  }

  public ApiResponse post(String path) {
    return send(request(path).POST(BodyPublishers.noBody()));
  }

  public ApiResponse post(String path, String json) {
    return sendJson(
        request(path).header("Content-Type", "application/json").POST(body(json)), json);
  }

  public ApiResponse put(String path, String json) {
    return sendJson(request(path).header("Content-Type", "application/json").PUT(body(json)), json);
  }

  // As send, and a body the relay accepted must be one the OpenAPI document describes.
  private ApiResponse sendJson(HttpRequest.Builder request, String json) {
    HttpRequest built = request.build();
    ApiResponse response = send(built);
    if (checked) {
      OpenApiContract.get()
          .checkAcceptedRequest(built.method(), built.uri().getRawPath(), response.status(), json);
    }
    return response;
  }

  /**
   * A request to {@code path} carrying the token, for tests that need unusual headers or bodies.
   */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  public ApiResponse send(HttpRequest.Builder request) {
    return send(request.build());
  }

  private ApiResponse send(HttpRequest built) {
    try {
      var response = HTTP.send(built, BodyHandlers.ofString());
      if (checked) {
        OpenApiContract.get()
            .check(
                built.method(),
                built.uri().getRawPath(),
                response.statusCode(),
                response.headers(),
                response.body());
      }
      return new ApiResponse(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static BodyPublisher body(String json) {
    return BodyPublishers.ofString(json);
  }
}
