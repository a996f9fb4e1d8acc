package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In pub/sub mode, events published while the relay's listener is away are lost; a
 * progress-relay.v3 client is told so (a gap with reason listener_outage, then the latest state),
 * both while connected and when it resumes later from a position before the outage. The Redis
 * server is the test's own, never the shared one.
 */
class ResumeAcrossRedisOutageTest {
  private static final String USER = "resume-outage-user";
  private static final String BATCH =
      "{\"action\":\"batch_progress\",\"payload\":{\"batch_id\":\"b-1\",\"processed\":1}}";

  private ThrowawayRedis server;
  private RelayUnderTest relay;

  @BeforeEach
  void start() {
    server = ThrowawayRedis.start();
    relay = RelayUnderTest.onRedis("ResumeAcrossRedisOutageTest", server, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    relay.close();
    server.close();
  }

  @Test
  void aConnectedV3ClientIsToldOfTheGapAndAResumeFromBeforeItIsAGapToo() {
    TestSocket socket = relay.v3SocketFor(USER, null);
    assertThat(socket.nextJson().get("action").asText()).isEqualTo("caught_up");
    try (RedisPublisher redis = relay.publisher()) {
      redis.publishUser(USER, BATCH);
    }
    JsonNode event = socket.nextJson();
    assertThat(event.get("data").toString()).isEqualTo(BATCH);
    String before = event.get("position").asText();

    server.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> !relay.application().listening());
    server.restart();
    await().atMost(Duration.ofSeconds(20)).until(relay.application()::listening);

    JsonNode gap = socket.nextJson();
    assertThat(gap.get("action").asText()).isEqualTo("gap");
    assertThat(gap.get("channel").asText()).isEqualTo("user:" + USER);
    assertThat(gap.get("reason").asText()).isEqualTo("listener_outage");
    JsonNode latest = socket.nextJson();
    assertThat(latest.get("latest").asBoolean()).isTrue();
    assertThat(latest.get("data").toString()).isEqualTo(BATCH);

    TestSocket later = relay.v3SocketFor(USER, before);
    JsonNode resumed = later.nextJson();
    assertThat(resumed.get("action").asText()).isEqualTo("gap");
    assertThat(resumed.get("reason").asText()).isEqualTo("listener_outage");
    assertThat(later.nextJson().get("data").toString()).isEqualTo(BATCH);
    assertThat(later.nextJson().get("action").asText()).isEqualTo("caught_up");
    socket.close();
    later.close();
  }
}
