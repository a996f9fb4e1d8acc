package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay records what became of each event for each recipient in real PostgreSQL, and admins
 * read it back through the API; the relay runs under non-default channel prefixes.
 */
class DeliveryHistoryEndToEndTest {
  private static RelayUnderTest relay;
  private static RedisPublisher redis;

  @BeforeAll
  static void start() {
    relay = new RelayUnderTest("DeliveryHistoryEndToEndTest", Map.of());
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stop() {
    redis.close();
    relay.close();
  }

  @Test
  void deliveredNoConnectionAndNoSubscribersOutcomesAreRecordedAndQueryable() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/h-1", worker, "{\"ownerId\":\"alice\"}");
    relay.api.put("/api/uploads/h-2", worker, "{\"ownerId\":\"alice\"}");
    relay.api.post("/api/uploads/h-1/grants", relay.tokenFor("alice"), "{\"userId\":\"bob\"}");
    relay.api.post("/api/uploads/h-1/subscription", relay.tokenFor("alice"));
    relay.api.post("/api/uploads/h-1/subscription", relay.tokenFor("bob"));
    TestSocket alice = relay.socketFor("alice");

    redis.publishUpload("h-1", "{\"action\":\"upload_completed\",\"upload_id\":\"h-1\"}");
    redis.publishUpload("h-2", "{\"action\":\"upload_progress\",\"upload_id\":\"h-2\"}");
    assertThat(alice.nextFrame()).contains("upload_completed");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> outcomes("h-1").size() == 2 && outcomes("h-2").size() == 1);
    assertThat(outcomes("h-1")).containsExactlyInAnyOrder("alice=delivered", "bob=no_connection");
    assertThat(outcomes("h-2")).containsExactly("-=no_subscribers");
    String admin = relay.tokenFor("root", Role.ADMIN);
    // The relay listens under the test's own prefix; history names the channel as published.
    String uploadPrefix = relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX");
    assertThat(uploadPrefix).isNotEqualTo("upload:");
    var h1 = relay.api.get("/api/admin/deliveries?uploadId=h-1", admin).json().path("items");
    assertThat(h1)
        .extracting(item -> item.path("channel").asText())
        .containsOnly(uploadPrefix + "h-1");
    var timeline = relay.api.get("/api/admin/uploads/h-1/timeline", admin);
    assertThat(timeline.json().path("events").get(0).path("action").asText())
        .isEqualTo("upload_completed");
    var connections = relay.api.get("/api/admin/connections", admin);
    assertThat(connections.json().path("connections").get(0).path("userId").asText())
        .isEqualTo("alice");
    assertThat(relay.api.get("/api/admin/deliveries", relay.tokenFor("alice")).status())
        .isEqualTo(403);
    alice.close();
  }

  @Test
  void aStalledReadersLossesAreRecordedAsCoalescedAndDroppedSlowConsumer() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/h-slow", worker, "{\"ownerId\":\"carol\"}");
    relay.api.post("/api/uploads/h-slow/subscription", relay.tokenFor("carol"));
    TestSocket carol = relay.socketFor("carol");
    carol.stopReading();

    // Progress first (coalesces behind the stalled reader), then ordered 4 KB events at 2,000/s
    // until the socket's queue overflows and it is closed as a slow consumer.
    String padding = "x".repeat(4000);
    for (int n = 0; n < 2000; n++) {
      redis.publishUpload("h-slow", "{\"action\":\"upload_progress\",\"pad\":\"" + padding + "\"}");
    }
    long start = System.nanoTime();
    for (int n = 0;
        n < 8000 && relay.application().engine().stats().slowConsumersClosed() == 0;
        n++) {
      redis.publishUpload("h-slow", "{\"action\":\"upload_log\",\"pad\":\"" + padding + "\"}");
      LockSupport.parkNanos(start + (n + 1) * 500_000L - System.nanoTime());
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carol", "coalesced"));
    await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carol", "dropped_slow_consumer"));
    carol.close();
  }

  private static boolean recorded(String user, String outcome) {
    String query = "/api/admin/deliveries?userId=" + user + "&outcome=" + outcome + "&limit=1";
    return relay.api.get(query, relay.tokenFor("root", Role.ADMIN)).json().path("items").size()
        == 1;
  }

  private static List<String> outcomes(String uploadId) {
    var answer =
        relay.api.get(
            "/api/admin/deliveries?uploadId=" + uploadId, relay.tokenFor("root", Role.ADMIN));
    assertThat(answer.status()).isEqualTo(200);
    List<String> rows = new ArrayList<>();
    answer
        .json()
        .path("items")
        .forEach(
            row ->
                rows.add(
                    (row.path("userId").isNull() ? "-" : row.path("userId").asText())
                        + "="
                        + row.path("outcome").asText()));
    return rows;
  }
}
