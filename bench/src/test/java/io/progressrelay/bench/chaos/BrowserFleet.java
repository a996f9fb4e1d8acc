package io.progressrelay.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The browsers: the reference client {@code progress-relay.js}, unchanged, one per user, in one
 * Node 20 process ({@code node --experimental-websocket}) driven by {@code chaos/clients.mjs}.
 * Every line it prints is kept as an {@link Observation}.
 */
final class BrowserFleet implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One thing a client saw: a state change, a subscribe confirmation, an event or an error. */
  record Observation(
      long atMillis, String user, String kind, String upload, String detail, long seq) {}

  private final Process node;
  private final Writer commands;
  private final List<Observation> observations = new ArrayList<>();
  private final Map<String, Long> firstConfirmed = new ConcurrentHashMap<>();

  /**
   * Starts Node with copies of the client (as an ES module) and of the harness in {@code work}, its
   * clients pointed at {@code socketUrl}; Node's own errors go to {@code log}.
   */
  BrowserFleet(Path client, Path work, String socketUrl, Path log) throws IOException {
    // Node takes a .js file outside any package as CommonJS; the client is an ES module.
    Files.copy(client, work.resolve("progress-relay.mjs"), StandardCopyOption.REPLACE_EXISTING);
    try (InputStream harness = BrowserFleet.class.getResourceAsStream("/chaos/clients.mjs")) {
      Files.copy(harness, work.resolve("clients.mjs"), StandardCopyOption.REPLACE_EXISTING);
    }
    node =
        new ProcessBuilder(
                "node", "--experimental-websocket", "--no-warnings", "clients.mjs", socketUrl)
            .directory(work.toFile())
            .redirectError(Redirect.appendTo(log.toFile()))
            .start();
    commands = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "browser-fleet-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  void connect(String user, String token) {
    send(Map.of("op", "connect", "user", user, "token", token));
  }

  void subscribe(String user, String upload) {
    send(Map.of("op", "subscribe", "user", user, "upload", upload));
  }

  /** When the relay first confirmed {@code user}'s subscription to {@code upload}, if it has. */
  Long firstConfirmed(String user, String upload) {
    return firstConfirmed.get(user + " " + upload);
  }

  /** How many users have had a subscription confirmed by the relay. */
  long usersFollowing() {
    return firstConfirmed.keySet().stream()
        .map(key -> key.substring(0, key.indexOf(' ')))
        .distinct()
        .count();
  }

  synchronized List<Observation> observations() {
    return List.copyOf(observations);
  }

  private synchronized void send(Map<String, String> command) {
    try {
      commands.write(JSON.writeValueAsString(command));
      commands.write('\n');
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the Node clients are gone", e);
    }
  }

  private void read() {
    try (var lines =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        JsonNode record = JSON.readTree(line);
        String kind = record.path("k").asText();
        String detail =
            switch (kind) {
              case "state" -> record.path("s").asText() + " " + record.path("code").asText("");
              case "event" -> record.path("a").asText();
              case "error" -> record.path("code").asText();
              default -> "";
            };
        var seen =
            new Observation(
                record.path("t").asLong(),
                record.path("u").asText(),
                kind,
                record.path("up").asText(null),
                detail.strip(),
                record.path("seq").asLong(-1));
        if ("subscribed".equals(kind)) {
          firstConfirmed.putIfAbsent(seen.user() + " " + seen.upload(), seen.atMillis());
        }
        synchronized (this) {
          observations.add(seen);
        }
      }
    } catch (IOException ended) {
      // Node exited.
    }
  }

  @Override
  public void close() {
    try {
      send(Map.of("op", "close"));
      if (!node.waitFor(5, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    } catch (RuntimeException | InterruptedException gone) {
      node.destroyForcibly();
    }
  }
}
