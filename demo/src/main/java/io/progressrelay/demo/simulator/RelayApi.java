package io.progressrelay.demo.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's REST API as a backend uses it (docs/api.md): register uploads in bulk, follow them as
 * their owner, delete them. Failures become {@link SimulationException}s that name the request and
 * the relay's answer. Thread-safe.
 */
public final class RelayApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What a bulk registration did. */
  public record Registered(int created, int unchanged, int conflicting) {}

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public RelayApi(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  public URI base() {
    return base;
  }

  /** Fails unless the relay answers {@code GET /healthz}. */
  public void requireReachable() {
    send(HttpRequest.newBuilder(uri("/healthz")).GET(), "GET /healthz");
  }

  /** {@code POST /api/uploads/bulk} with uploads and their owners, with a service token. */
  public Registered registerAll(String serviceToken, Map<String, String> ownerByUpload) {
    ArrayNode body = JSON.createArrayNode();
    ownerByUpload.forEach(
        (uploadId, owner) -> body.addObject().put("uploadId", uploadId).put("ownerId", owner));
    JsonNode answer =
        send(
            authorized("/api/uploads/bulk", serviceToken)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body.toString())),
            "POST /api/uploads/bulk");
    return new Registered(
        answer.path("created").asInt(),
        answer.path("unchanged").asInt(),
        answer.path("conflicting").asInt());
  }

  /**
   * {@code POST /api/uploads/{id}/subscription} with the owner's token; completes with the status
   * (200 or 201 when followed, 401 for a refused token, 409 at the subscription limit...).
   */
  public CompletableFuture<Integer> follow(String userToken, String uploadId) {
    HttpRequest request =
        authorized("/api/uploads/" + segment(uploadId) + "/subscription", userToken)
            .POST(BodyPublishers.noBody())
            .build();
    return http.sendAsync(request, BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }

  /** The uploads {@code GET /api/subscriptions} lists for the token's user, every page. */
  public List<String> followedUploads(String userToken) {
    List<String> uploadIds = new ArrayList<>();
    String cursor = null;
    do {
      String path =
          "/api/subscriptions?limit=100" + (cursor == null ? "" : "&cursor=" + segment(cursor));
      JsonNode page = send(authorized(path, userToken).GET(), "GET /api/subscriptions");
      page.path("items").forEach(item -> uploadIds.add(item.path("uploadId").asText()));
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return uploadIds;
  }

  /** {@code DELETE /api/uploads/{id}} with a service token; a missing upload is fine. */
  public void delete(String serviceToken, String uploadId) {
    String path = "/api/uploads/" + segment(uploadId);
    HttpRequest.Builder request = authorized(path, serviceToken).DELETE();
    HttpResponse<String> response = exchange(request, "DELETE " + path);
    if (response.statusCode() != 404) {
      check(response, "DELETE " + path);
    }
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    HttpResponse<String> response = exchange(request, what);
    check(response, what);
    try {
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SimulationException(what + " answered something that is not JSON", e);
    }
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request, String what) {
    try {
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new SimulationException(
          "cannot reach the relay at " + base + " (" + what + "): connection refused", e);
    } catch (IOException e) {
      throw new SimulationException(
          "cannot reach the relay at " + base + " (" + what + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SimulationException("interrupted during " + what, e);
    }
  }

  private void check(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String error = "";
    try {
      JsonNode body = JSON.readTree(response.body());
      error =
          ": "
              + body.path("error").path("code").asText("?")
              + " "
              + body.path("error").path("message").asText("");
    } catch (IOException | RuntimeException e) {
      // not the API's error shape; the status says enough
    }
    throw new SimulationException(
        "the relay at " + base + " answered " + what + " with " + status + error.stripTrailing());
  }

  private HttpRequest.Builder authorized(String path, String token) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
