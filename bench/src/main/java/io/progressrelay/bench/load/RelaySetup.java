package io.progressrelay.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What Progress Relay needs before its users may subscribe, which the peers (no ownership checks)
 * do not: uploads registered to their owners, and grants for other followers, over its REST API.
 */
public final class RelaySetup {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Tokens tokens;

  /** Setup through the relay listening on {@code port}. */
  public RelaySetup(int port, Tokens tokens) {
    this.base = "http://127.0.0.1:" + port;
    this.tokens = tokens;
  }

  /** Registers {@code uploads[i]} as owned by {@code owners[i]}, in bulk. */
  public void register(String[] uploads, String[] owners) throws IOException, InterruptedException {
    for (int from = 0; from < uploads.length; from += 5_000) {
      var body = new StringBuilder("[");
      for (int i = from; i < Math.min(uploads.length, from + 5_000); i++) {
        body.append(i == from ? "" : ",")
            .append("{\"uploadId\":\"")
            .append(uploads[i])
            .append("\",\"ownerId\":\"")
            .append(owners[i])
            .append("\"}");
      }
      var request =
          HttpRequest.newBuilder(URI.create(base + "/api/uploads/bulk"))
              .header("Authorization", "Bearer " + tokens.service())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
              .build();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IOException("bulk registration failed: " + answer.body());
      }
    }
  }

  /** Lets {@code users} follow {@code upload}, as its {@code owner} would. */
  public void grant(String upload, String owner, String[] users) {
    String token = tokens.user(owner);
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (String user : users) {
      var request =
          HttpRequest.newBuilder(URI.create(base + "/api/uploads/" + upload + "/grants"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}"))
              .build();
      pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      if (pending.size() == 50) {
        awaitAll(pending);
      }
    }
    awaitAll(pending);
  }

  private static void awaitAll(List<CompletableFuture<HttpResponse<String>>> pending) {
    for (var answer : pending) {
      int status = answer.join().statusCode();
      if (status != 200 && status != 201) {
        throw new IllegalStateException("grant failed: " + answer.join().body());
      }
    }
    pending.clear();
  }
}
