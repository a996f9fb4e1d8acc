package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's Redis goes down and comes back (a server of the test's own, never the shared one):
 * readiness reports the outage, open sockets stay open, and the listener resubscribes by itself.
 */
class RedisOutageTest {
  private ThrowawayRedis server;
  private RelayUnderTest relay;

  @BeforeEach
  void start() {
    server = ThrowawayRedis.start();
    relay = RelayUnderTest.onRedis("RedisOutageTest", server, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    relay.close();
    server.close();
  }

  @Test
  void whileRedisIsDownTheRelayIsNotReadyAndAfterItReturnsEventsFlowAgain() {
    TestSocket socket = relay.socketFor("outage-user");

    server.stop();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> relay.api.get("/readyz", null).status() == 503);
    assertThat(relay.application().listening()).isFalse();
    assertThat(relay.api.get("/readyz", null).body()).contains("redis");

    server.restart();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> relay.api.get("/readyz", null).status() == 200);
    try (RedisPublisher redis = relay.publisher()) {
      redis.publishUser("outage-user", "{\"action\":\"after_outage\"}");
    }
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"after_outage\"}");
    socket.close();
  }
}
