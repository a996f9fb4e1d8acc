package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/** The relay's Redis subscription is killed: readiness reports it, and the listener recovers. */
class RedisOutageTest {
  private RelayUnderTest relay;
  private RedisPublisher redis;

  @BeforeEach
  void start() {
    relay = new RelayUnderTest("RedisOutageTest", Map.of());
    redis = new RedisPublisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    redis.close();
    relay.close();
  }

  @Test
  void afterItsPubSubConnectionIsKilledTheRelayReportsNotReadyThenResubscribes() {
    TestSocket socket = relay.socketFor("outage-user");

    // Refuse new connections (existing ones stay), so the listener cannot reconnect at once.
    Jedis admin = redis.jedis();
    String maxClients = admin.configGet("maxclients").get("maxclients");
    long connected = admin.clientList().lines().count();
    try {
      admin.configSet("maxclients", String.valueOf(connected - 1));
      admin.clientKill(new ClientKillParams().type(ClientType.PUBSUB));
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> relay.api.get("/readyz", null).status() == 503);
      assertThat(relay.application().listening()).isFalse();
    } finally {
      admin.configSet("maxclients", maxClients);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> relay.api.get("/readyz", null).status() == 200);

    redis.publish("user:outage-user", "{\"action\":\"after_outage\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"after_outage\"}");
    socket.close();
  }
}
