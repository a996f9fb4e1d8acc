package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RELAY_LOG_FORMAT=json} on the relay as a process of its own, configured by its own {@code
 * logback.xml}: every line on stderr is one JSON object with the logstash fields, and the lines a
 * request or a socket causes carry its {@code requestId} or the {@code connectionId} that {@code
 * GET /api/admin/connections} shows.
 */
class JsonLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path temp;
  private final JwtIssuer issuer =
      new JwtIssuer(RelayUnderTest.SECRET.getBytes(StandardCharsets.UTF_8));

  @Test
  void everyLineIsAJsonObjectCarryingTheRequestAndConnectionIds() throws Exception {
    Path log = temp.resolve("relay.log");
    try (TestDatabase database = TestDatabases.newDatabase("JsonLogTest");
        RelayProcess relay = RelayProcess.start(environment(database), log, mainLogbackXml())) {
      var healthz =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + "/healthz"))
                  .header("X-Request-Id", "json-log-test-1")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(healthz.statusCode()).isEqualTo(200);
      assertThat(healthz.headers().firstValue("X-Request-Id")).hasValue("json-log-test-1");

      TestSocket socket =
          TestSocket.open(URI.create("ws://127.0.0.1:" + relay.port() + "/ws/uploads"), Map.of());
      String token = issuer.issue(new UserId("json-logger"), Set.of(), Duration.ofMinutes(5));
      socket.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      assertThat(socket.nextFrame()).contains("auth_success");
      String admin = issuer.issue(new UserId("admin"), Set.of(Role.ADMIN), Duration.ofMinutes(5));
      JsonNode connections = JSON.readTree(relay.api.get("/api/admin/connections", admin).body());
      String connectionId = connections.path("connections").get(0).path("connectionId").asText();
      assertThat(connectionId).isNotBlank();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                List<JsonNode> lines = lines(log);
                assertThat(lines).isNotEmpty();
                assertThat(lines)
                    .allSatisfy(
                        line ->
                            assertThat(line.fieldNames())
                                .toIterable()
                                .contains(
                                    "@timestamp",
                                    "level",
                                    "logger_name",
                                    "thread_name",
                                    "message"));
                assertThat(line(lines, "requestId", "json-log-test-1"))
                    .hasValueSatisfying(
                        line ->
                            assertThat(line.path("message").asText()).contains("GET /healthz 200"));
                assertThat(line(lines, "connectionId", connectionId))
                    .hasValueSatisfying(
                        line ->
                            assertThat(line.path("message").asText())
                                .contains("authenticated as json-logger"));
              });
      socket.close();
    }
  }

  private static Optional<JsonNode> line(List<JsonNode> lines, String field, String value) {
    return lines.stream().filter(line -> line.path(field).asText().equals(value)).findFirst();
  }

  /** Every line of the log, each of which must be a JSON object. */
  private static List<JsonNode> lines(Path log) {
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String text : Files.readAllLines(log)) {
        if (!text.isBlank()) {
          JsonNode line;
          try {
            line = JSON.readTree(text);
          } catch (JsonProcessingException e) {
            throw new AssertionError("a log line that is not JSON: " + text, e);
          }
          assertThat(line.isObject()).as(text).isTrue();
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  // The test class path also holds the adapters' logback-test.xml, which Logback would prefer.
  private static List<String> mainLogbackXml() throws Exception {
    URL config = Application.class.getResource("/logback.xml");
    assertThat(config).as("bootstrap's logback.xml").isNotNull();
    return List.of("-Dlogback.configurationFile=" + Path.of(config.toURI()));
  }

  private static Map<String, String> environment(TestDatabase database) {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_JWT_SECRET", RelayUnderTest.SECRET);
    env.put("RELAY_DB_URL", database.settings().jdbcUrl());
    env.put("RELAY_DB_USER", database.settings().user());
    env.put("RELAY_DB_PASSWORD", database.settings().password());
    env.putAll(RedisEnvironment.of(TestRedis.settings().url(), TestChannels.unique()));
    env.put("RELAY_LOG_FORMAT", "json");
    env.put("RELAY_LOG_LEVEL", "DEBUG");
    return env;
  }
}
