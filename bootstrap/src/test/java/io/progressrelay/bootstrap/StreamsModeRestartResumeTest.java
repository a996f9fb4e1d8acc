package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Streams mode across a relay restart: the restarted relay reads the resume window's age of the
 * stream before its checkpoint again, only to rebuild the windows, so a v3 client that last saw an
 * event from before the checkpoint resumes with exactly what it missed, rather than a gap; and
 * those events are not delivered or recorded a second time.
 */
class StreamsModeRestartResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String stream = "t" + System.nanoTime() + ":events";
  private final Map<String, String> streams =
      Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream);
  private final RelayUnderTest first = new RelayUnderTest("StreamsModeRestartResumeTest", streams);
  private RelayUnderTest restarted;

  @AfterEach
  void stop() {
    if (restarted != null) {
      restarted.close();
    }
    first.close();
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(stream);
    }
  }

  @Test
  void aClientResumesAfterTheRelayRestartsFromAPositionBeforeTheCheckpoint() throws Exception {
    String upload = "restart-resume-upload";
    String worker = first.tokenFor("worker", Role.SERVICE);
    assertThat(
            first.api.put("/api/uploads/" + upload, worker, "{\"ownerId\":\"resumer\"}").status())
        .isEqualTo(201);
    TestSocket socket = first.v3SocketFor("resumer", null);
    assertThat(socket.nextFrame()).contains("caught_up");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).contains("\"subscribed\"");
    String channel = first.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + upload;
    add(channel, step(1));
    String seen = JSON.readTree(socket.nextFrame()).path("position").asText();
    socket.close();
    String two = add(channel, step(2));
    String three = add(channel, step(3));
    await().until(() -> first.application().engine().stats().eventsRelayed() >= 3);
    // Stopping writes the last latest events and saves the checkpoint past every entry.
    first.application().close();
    assertThat(checkpoint()).isEqualTo(three);

    restarted = first.secondInstance(streams);
    TestSocket again = restarted.v3SocketFor("resumer", seen);

    JsonNode missed2 = JSON.readTree(again.nextFrame());
    JsonNode missed3 = JSON.readTree(again.nextFrame());
    assertThat(missed2.path("position").asText()).isEqualTo(two);
    assertThat(missed2.path("data").toString()).isEqualTo(step(2));
    assertThat(missed3.path("position").asText()).isEqualTo(three);
    assertThat(JSON.readTree(again.nextFrame()).path("action").asText()).isEqualTo("caught_up");
    String four = add(channel, step(4));
    JsonNode live = JSON.readTree(again.nextFrame());
    assertThat(live.path("position").asText()).isEqualTo(four);
    // The events read again only rebuilt the window: none went out as a delivery of its own.
    await()
        .during(Duration.ofMillis(300))
        .until(() -> restarted.application().engine().stats().framesQueued() == 1);
    again.close();
  }

  private String checkpoint() {
    try (var connection =
            java.sql.DriverManager.getConnection(
                first.database().settings().jdbcUrl(),
                first.database().settings().user(),
                first.database().settings().password());
        var statement = connection.createStatement();
        var rows =
            statement.executeQuery("SELECT entry_ms || '-' || entry_seq FROM stream_checkpoints")) {
      return rows.next() ? rows.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  // An action the relay does not know: delivered in order, never coalesced.
  private static String step(int n) {
    return "{\"action\":\"upload_step\",\"n\":" + n + "}";
  }

  private String add(String channel, String json) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return jedis
          .xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("channel", channel, "data", json))
          .toString();
    }
  }
}
