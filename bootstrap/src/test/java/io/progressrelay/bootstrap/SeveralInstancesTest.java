package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.domain.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL and one Redis, as behind a load balancer. */
class SeveralInstancesTest extends TwoInstancesTest {
  @Test
  void eachSocketGetsEachEventExactlyOnceWhereverItsUserIsConnected() {
    String worker = first.tokenFor("worker", Role.SERVICE);
    first.api.put("/api/uploads/multi-1", worker, "{\"ownerId\":\"alice\"}");
    TestSocket onFirst = first.v2SocketFor("alice");
    TestSocket onSecond = second.v2SocketFor("alice");
    // Warm the second instance's route before the subscription, so the change must travel.
    redis.publishUpload("multi-1", "{\"action\":\"upload_log\",\"n\":-1}");
    await().until(() -> second.application().engine().stats().eventsRelayed() >= 1);

    assertThat(
            first.api.post("/api/uploads/multi-1/subscription", first.tokenFor("alice")).status())
        .isEqualTo(201);
    // The subscribing user's v2 sockets get the latest state first, on both instances.
    assertThat(onFirst.nextFrame()).contains("\"n\":-1");
    assertThat(onSecond.nextFrame()).contains("\"n\":-1");
    for (int n = 0; n < 10; n++) {
      redis.publishUpload("multi-1", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    }
    redis.publishUser("alice", "{\"action\":\"sentinel\"}");

    for (TestSocket socket : new TestSocket[] {onFirst, onSecond}) {
      for (int n = 0; n < 10; n++) {
        assertThat(socket.nextJson().path("n").asInt()).isEqualTo(n);
      }
      assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"sentinel\"}");
    }
    onFirst.close();
    onSecond.close();
  }

  @Test
  void anUnsubscribeThroughOneInstanceStopsDeliveryOnTheOther() {
    String worker = first.tokenFor("worker", Role.SERVICE);
    String bob = first.tokenFor("bob");
    first.api.put("/api/uploads/multi-2", worker, "{\"ownerId\":\"bob\"}");
    first.api.post("/api/uploads/multi-2/subscription", bob);
    TestSocket onSecond = second.socketFor("bob");
    redis.publishUpload("multi-2", "{\"action\":\"upload_log\",\"n\":1}");
    assertThat(onSecond.nextFrame()).contains("\"n\":1");

    assertThat(first.api.delete("/api/uploads/multi-2/subscription", bob).status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              redis.publishUser("bob", "{\"action\":\"probe\"}");
              redis.publishUpload("multi-2", "{\"action\":\"upload_log\",\"n\":2}");
              redis.publishUser("bob", "{\"action\":\"end\"}");
              String frame = onSecond.nextFrame();
              while (!frame.contains("probe")) {
                frame = onSecond.nextFrame();
              }
              String after = onSecond.nextFrame();
              return after.contains("\"end\"");
            });
    onSecond.close();
  }
}
