package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a Redis server of the test's own, the first connected as a user the test may
 * forbid to publish: an unsubscribe whose announcement Redis refused still ends the delivery on the
 * second instance, which reloads its routes once the first gets through again.
 */
class LostAnnouncementAcrossInstancesTest {
  private ThrowawayRedis server;
  private RelayUnderTest first;
  private RelayUnderTest second;
  private RedisPublisher redis;

  @BeforeEach
  void start() {
    server = ThrowawayRedis.start();

    URI asRelayA = server.urlAsNewUser("relay-a", "pw");
    first = RelayUnderTest.onRedis("LostAnnouncementAcrossInstancesTest", asRelayA, Map.of());
    second = first.secondInstanceOn(server.url());
    redis = second.publisher();
    await().atMost(Duration.ofSeconds(10)).until(first.application()::listening);
    await().atMost(Duration.ofSeconds(10)).until(second.application()::listening);
  }

  @AfterEach
  void stop() {
    redis.close();
    second.close();
    first.close();
    server.close();
  }

  @Test
  void anUnsubscribeWhoseAnnouncementRedisRefusedEndsDeliveryOnTheOtherInstanceOnceItAnswers() {
    String bob = first.tokenFor("bob");
    first.api.put(
        "/api/uploads/lost-1", first.tokenFor("worker", Role.SERVICE), "{\"ownerId\":\"bob\"}");
    assertThat(first.api.post("/api/uploads/lost-1/subscription", bob).status()).isEqualTo(201);
    TestSocket onSecond = second.socketFor("bob");
    redis.publishUpload("lost-1", "{\"action\":\"upload_log\",\"n\":0}");
    assertThat(onSecond.nextFrame()).contains("\"n\":0");

    forbidRelayA("-publish");
    assertThat(first.api.delete("/api/uploads/lost-1/subscription", bob).status()).isEqualTo(204);
    assertThat(deliveredBeforeSentinel(onSecond, -1))
        .as(
            "the one window left (docs/redis.md): the first instance cannot reach Redis, the second"
                + " can")
        .isTrue();
    forbidRelayA("+publish");

    // The first instance's notice of the lost announcement makes the second reload the route.
    var n = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !deliveredBeforeSentinel(onSecond, n.incrementAndGet()));
    onSecond.close();
  }

  // Publishes event n, then a sentinel on bob's channel; true when event n arrived before it.
  private boolean deliveredBeforeSentinel(TestSocket socket, int n) {
    redis.publishUpload("lost-1", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    redis.publishUser("bob", "{\"action\":\"sentinel\",\"n\":" + n + "}");
    boolean delivered = false;
    String frame = socket.nextFrame();
    while (!(frame.contains("sentinel") && frame.contains("\"n\":" + n + "}"))) {
      delivered |= frame.contains("upload_log") && frame.contains("\"n\":" + n + "}");
      frame = socket.nextFrame();
    }
    return delivered;
  }

  private void forbidRelayA(String rule) {
    server.setUserRules("relay-a", rule);
  }
}
