package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Streams mode with two instances behind a balancer: positions are stream entry ids, so a v3 client
 * that saw some of an upload's events on one instance resumes on the other and receives exactly the
 * ones it missed, in order.
 */
class StreamsModeResumeOnAnotherInstanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String stream = "t" + System.nanoTime() + ":events";
  private final Map<String, String> streams =
      Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream);
  private final RelayUnderTest first =
      new RelayUnderTest("StreamsModeResumeOnAnotherInstanceTest", streams);
  private final RelayUnderTest second = first.secondInstance(streams);

  @AfterEach
  void stop() {
    second.close();
    first.close();
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(stream);
    }
  }

  @Test
  void aClientResumesOnTheOtherInstanceFromThePositionItSawLast() {
    String upload = "resume-upload";
    String worker = first.tokenFor("worker", Role.SERVICE);
    assertThat(
            first.api.put("/api/uploads/" + upload, worker, "{\"ownerId\":\"resumer\"}").status())
        .isEqualTo(201);
    TestSocket onFirst = v3Socket(first, "{}");
    onFirst.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(onFirst.nextFrame()).contains("\"subscribed\"");
    String channel = first.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + upload;

    add(channel, step(1));
    add(channel, step(2));
    JsonNode one = json(onFirst.nextFrame());
    JsonNode two = json(onFirst.nextFrame());
    assertThat(one.path("data").toString()).isEqualTo(step(1));
    assertThat(two.path("data").toString()).isEqualTo(step(2));
    String seen = two.path("position").asText();
    onFirst.close();
    String three = add(channel, step(3));
    String four = add(channel, step(4));
    await().until(() -> second.application().engine().stats().eventsRelayed() >= 4);

    TestSocket onSecond = v3Socket(second, "{\"since\":\"" + seen + "\"}");

    JsonNode missed3 = json(onSecond.nextFrame());
    JsonNode missed4 = json(onSecond.nextFrame());
    assertThat(missed3.path("data").toString()).isEqualTo(step(3));
    assertThat(missed3.path("position").asText()).isEqualTo(three);
    assertThat(missed4.path("data").toString()).isEqualTo(step(4));
    assertThat(missed4.path("position").asText()).isEqualTo(four);
    // Nor a gap for the user's own channel, which had no event: the second instance read the whole
    // stream since before the position, so it knows there was none.
    String next = onSecond.nextFrame();
    assertThat(json(next).path("action").asText()).as(next).isEqualTo("caught_up");
    onSecond.close();
  }

  /** A v3 socket of user {@code resumer}, authenticated with {@code extra} fields, after auth. */
  private static TestSocket v3Socket(RelayUnderTest relay, String extra) {
    URI uri = URI.create("ws://127.0.0.1:" + relay.application().httpPort() + "/ws/uploads");
    TestSocket socket = TestSocket.open(uri, Map.of(), List.of("progress-relay.v3"));
    String fields = extra.equals("{}") ? "" : "," + extra.substring(1, extra.length() - 1);
    socket.send(
        "{\"type\":\"auth\",\"token\":\"" + relay.tokenFor("resumer") + "\"" + fields + "}");
    assertThat(socket.nextFrame()).contains("auth_success");
    if (fields.isEmpty()) {
      assertThat(socket.nextFrame()).contains("caught_up"); // nothing to catch up on yet
    }
    return socket;
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

  private static JsonNode json(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + frame, e);
    }
  }
}
