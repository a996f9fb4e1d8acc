package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * Streams mode across a crash: the relay is killed (SIGKILL) mid-upload once it saved its
 * checkpoint, the upload's terminal event is written to the stream while no relay runs, and the
 * restarted relay resumes after the checkpoint, delivers the event to a v2 subscriber (latest state
 * on subscribe) and stores it as the upload's latest event.
 */
class StreamsModeRelayCrashTest {
  private static final String OWNER = "crash-owner";

  @TempDir Path temp;
  private final TestChannels channels = TestChannels.unique();
  private final String streamKey = channels.controlChannel() + ":events";
  private final JwtIssuer issuer =
      new JwtIssuer(RelayUnderTest.SECRET.getBytes(StandardCharsets.UTF_8));

  @AfterEach
  void deleteStream() {
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(streamKey);
    }
  }

  @Test
  void aTerminalEventWrittenWhileTheRelayIsDownReachesTheSubscriberAfterTheRestart()
      throws Exception {
    try (TestDatabase database = TestDatabases.newDatabase("StreamsModeRelayCrashTest")) {
      Map<String, String> env = environment(database);
      String upload = "crash-" + System.nanoTime();
      String progress =
          "{\"action\":\"upload_progress\",\"upload_id\":\"" + upload + "\",\"p\":50}";
      String completed = "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}";

      try (RelayProcess first = RelayProcess.start(env, temp.resolve("first.log"))) {
        String worker =
            issuer.issue(new UserId("worker"), Set.of(Role.SERVICE), Duration.ofMinutes(5));
        assertThat(
                first
                    .api
                    .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + OWNER + "\"}")
                    .status())
            .isEqualTo(201);
        TestSocket socket = subscribedV2Socket(first, upload);
        String progressId = add(channels.upload(upload), progress);
        assertThat(socket.nextFrame()).isEqualTo(progress);
        await("the checkpoint at the progress event")
            .atMost(Duration.ofSeconds(20))
            .until(() -> progressId.equals(checkpoint(database)));

        first.kill();
      }
      add(channels.upload(upload), completed);

      try (RelayProcess second = RelayProcess.start(env, temp.resolve("second.log"))) {
        TestSocket socket = subscribedV2Socket(second, upload);
        assertThat(socket.nextFrame()).as("the latest state on subscribe").isEqualTo(completed);
        socket.close();
        String owner = issuer.issue(new UserId(OWNER), Set.of(), Duration.ofMinutes(5));
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(
                            second
                                .api
                                .get("/api/uploads/" + upload, owner)
                                .json()
                                .path("latestEvent")
                                .path("action")
                                .asText())
                        .isEqualTo("upload_completed"));
      }
    }
  }

  /** The stored checkpoint of the stream, as an entry id, or null. */
  private String checkpoint(TestDatabase database) throws SQLException {
    var settings = database.settings();
    try (Connection connection =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        var query =
            connection.prepareStatement(
                "SELECT entry_ms || '-' || entry_seq FROM stream_checkpoints WHERE stream_key = ?")) {
      query.setString(1, streamKey);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private Map<String, String> environment(TestDatabase database) {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_JWT_SECRET", RelayUnderTest.SECRET);
    env.put("RELAY_DB_URL", database.settings().jdbcUrl());
    env.put("RELAY_DB_USER", database.settings().user());
    env.put("RELAY_DB_PASSWORD", database.settings().password());
    env.putAll(RedisEnvironment.of(TestRedis.settings().url(), channels));
    env.put("RELAY_INGEST", "streams");
    env.put("RELAY_STREAM_KEY", streamKey);
    // So short that only the checkpoint can lead the restarted relay to the terminal event.
    env.put("RELAY_STREAM_START", "1ms");
    return env;
  }

  private TestSocket subscribedV2Socket(RelayProcess relay, String upload) {
    URI uri = URI.create("ws://127.0.0.1:" + relay.port() + "/ws/uploads");
    TestSocket socket = TestSocket.open(uri, Map.of(), List.of("progress-relay.v2"));
    String token = issuer.issue(new UserId(OWNER), Set.of(), Duration.ofMinutes(5));
    socket.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    assertThat(socket.nextFrame()).contains("auth_success");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}");
    return socket;
  }

  /** What an upload worker in streams mode does instead of PUBLISH; returns the entry id. */
  private String add(String channel, String json) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return jedis
          .xadd(
              streamKey,
              XAddParams.xAddParams().maxLen(1_000_000).approximateTrimming(),
              Map.of("channel", channel, "data", json))
          .toString();
    }
  }
}
