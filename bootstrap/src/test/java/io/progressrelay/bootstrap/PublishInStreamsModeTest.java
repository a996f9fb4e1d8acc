package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.ApiClient.Answer;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * With {@code RELAY_INGEST=streams} the publish API appends to the relay's stream, as a worker's
 * {@code XADD} would: the answer carries the entry ids, and the relay reads the entries back.
 */
class PublishInStreamsModeTest {
  private final String stream = "t" + System.nanoTime() + ":events";
  private final RelayUnderTest relay =
      new RelayUnderTest(
          "PublishInStreamsModeTest",
          Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream));

  @AfterEach
  void stop() {
    relay.close();
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(stream);
    }
  }

  @Test
  void aBatchIsAppendedToTheStreamInOrderAndReachesTheSubscriber() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/s-1", worker, "{\"ownerId\":\"sam\"}").status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
    TestSocket socket = relay.socketFor("sam");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"s-1\"}");
    assertThat(socket.nextFrame()).contains("\"subscribed\"");
    String one = "{\"action\":\"upload_progress\",\"p\":1}";
    String two = "{\"action\":\"upload_completed\" , \"p\":2}";
    String body =
        "{\"events\":[{\"channel\":\"upload:s-1\",\"data\":"
            + one
            + "},{\"channel\":\"upload:s-1\",\"data\":"
            + two
            + "}]}";

    Answer answer = relay.api.post("/api/publish", worker, body.getBytes(UTF_8));

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(socket.nextFrame()).isEqualTo(one);
    assertThat(socket.nextFrame()).isEqualTo(two);
    try (Jedis jedis = TestRedis.settings().connect()) {
      List<StreamEntry> entries = jedis.xrange(stream, (StreamEntryID) null, null);
      List<StreamEntry> events =
          entries.stream()
              .filter(
                  e ->
                      e.getFields().get("data").equals(one)
                          || e.getFields().get("data").equals(two))
              .toList();
      assertThat(events).hasSize(2);
      String channel = relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + "s-1";
      for (int i = 0; i < 2; i++) {
        var published = answer.json().path("events").get(i);
        assertThat(published.path("channel").asText()).isEqualTo(channel);
        assertThat(published.path("entryId").asText()).isEqualTo(events.get(i).getID().toString());
        assertThat(published.path("receivers").isNull()).isTrue();
        assertThat(events.get(i).getFields()).containsEntry("channel", channel);
      }
      assertThat(events.get(0).getFields()).containsEntry("data", one);
      assertThat(events.get(1).getFields()).containsEntry("data", two);
    }
    socket.close();
  }
}
