package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Interest mode across a restart of the relay's Redis (a server of the test's own): the listener
 * subscribes to the whole interest set again, and events flow to the sockets that need them.
 */
class InterestModeRedisRestartTest {
  private ThrowawayRedis server;
  private RelayUnderTest relay;

  @BeforeEach
  void start() {
    server = ThrowawayRedis.start();
    relay =
        RelayUnderTest.onRedis(
            "InterestModeRedisRestartTest",
            server,
            Map.of("RELAY_REDIS_SUBSCRIPTIONS", "interest"));
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    relay.close();
    server.close();
  }

  private long subscribers(String channel) {
    try (Jedis jedis = server.settings().connect()) {
      return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  @Test
  void aRestartedRedisIsSubscribedToEveryChannelTheSocketsNeedAgain() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/restart-1", worker, "{\"ownerId\":\"alice\"}");
    relay.api.post("/api/uploads/restart-1/subscription", relay.tokenFor("alice"));
    TestSocket alice = relay.socketFor("alice");
    String upload = relay.channels().upload("restart-1");
    String user = relay.channels().user("alice");
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(upload) == 1);

    server.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> !relay.application().listening());
    server.restart();
    await().atMost(Duration.ofSeconds(20)).until(relay.application()::listening);

    assertThat(subscribers(upload)).isEqualTo(1);
    assertThat(subscribers(user)).isEqualTo(1);
    try (RedisPublisher redis = relay.publisher()) {
      redis.publishUpload("restart-1", "{\"action\":\"upload_log\",\"after\":\"restart\"}");
      redis.publishUser("alice", "{\"action\":\"after_restart\"}");
    }
    // The upload's event waits for its route to load again (every route was forgotten when the
    // listener subscribed again); the user's goes out at once.
    assertThat(List.of(alice.nextFrame(), alice.nextFrame()))
        .containsExactlyInAnyOrder(
            "{\"action\":\"upload_log\",\"after\":\"restart\"}", "{\"action\":\"after_restart\"}");
    alice.close();
  }

  @Test
  void aSubscriptionMadeThroughAnotherInstanceDuringTheOutageIsSubscribedWhenRedisIsBack() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/missed-1", worker, "{\"ownerId\":\"alice\"}");
    TestSocket alice = relay.socketFor("alice");
    String upload = relay.channels().upload("missed-1");
    try (RelayUnderTest second =
        relay.secondInstance(Map.of("RELAY_REDIS_SUBSCRIPTIONS", "interest"))) {
      await().atMost(Duration.ofSeconds(10)).until(second.application()::listening);

      server.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> !relay.application().listening());
      // Committed in PostgreSQL; its announcement is lost with Redis.
      var answer = second.api.post("/api/uploads/missed-1/subscription", second.tokenFor("alice"));
      assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
      server.restart();

      // The first instance reads again what its connected users follow (one query for all).
      await().atMost(Duration.ofSeconds(20)).until(() -> subscribers(upload) == 1);
      try (RedisPublisher redis = relay.publisher()) {
        redis.publishUpload("missed-1", "{\"action\":\"upload_log\",\"after\":\"outage\"}");
      }
      assertThat(alice.nextFrame()).isEqualTo("{\"action\":\"upload_log\",\"after\":\"outage\"}");
    }
    alice.close();
  }
}
