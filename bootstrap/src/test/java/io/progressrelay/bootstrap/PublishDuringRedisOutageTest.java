package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.bootstrap.ApiClient.Answer;
import io.progressrelay.domain.Role;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's own Redis (a server of the test's, never the shared one) is down: publish says 503.
 */
class PublishDuringRedisOutageTest {
  private final ThrowawayRedis server = ThrowawayRedis.start();
  private final RelayUnderTest relay =
      RelayUnderTest.onRedis("PublishDuringRedisOutageTest", server, Map.of());

  @AfterEach
  void stop() {
    relay.close();
    server.close();
  }

  @Test
  void publishingWhileRedisIsDownIsA503WithRetryAfterAndWorksOnceItIsBack() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    byte[] event = "{\"action\":\"upload_progress\"}".getBytes(UTF_8);
    server.stop();

    Answer down =
        relay.api.post("/api/publish/uploads/o-1", worker, event, "Idempotency-Key", "outage-1");

    assertThat(down.status()).as(down.body()).isEqualTo(503);
    assertThat(down.errorCode()).isEqualTo("redis_unavailable");
    assertThat(down.response().headers().firstValue("Retry-After")).contains("5");

    server.restart();
    Answer back =
        relay.api.post("/api/publish/uploads/o-1", worker, event, "Idempotency-Key", "outage-1");
    assertThat(back.status()).as(back.body()).isEqualTo(202);
    assertThat(back.json().path("replayed").asBoolean()).isFalse();
  }
}
