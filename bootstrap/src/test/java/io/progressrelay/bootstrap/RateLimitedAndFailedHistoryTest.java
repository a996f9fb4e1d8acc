package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The remaining outcomes from real scenarios: progress held back by the rate limit, and frames lost
 * with a socket that closed while they waited. Found again through the admin API.
 */
class RateLimitedAndFailedHistoryTest {
  private static RelayUnderTest relay;
  private static RedisPublisher redis;

  @BeforeAll
  static void start() {
    relay =
        new RelayUnderTest(
            "RateLimitedAndFailedHistoryTest",
            Map.of(
                "RELAY_PROGRESS_RATE_LIMIT", "1s",
                // Large queues, so a stalled socket's frames wait instead of overflowing.
                "RELAY_QUEUE_MAX_BYTES", String.valueOf(256 * 1024 * 1024),
                "RELAY_QUEUE_MAX_FRAMES", "100000"));
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stop() {
    redis.close();
    relay.close();
  }

  private static void subscribed(String upload, String user) {
    relay.api.put(
        "/api/uploads/" + upload,
        relay.tokenFor("worker", Role.SERVICE),
        "{\"ownerId\":\"" + user + "\"}");
    relay.api.post("/api/uploads/" + upload + "/subscription", relay.tokenFor(user));
  }

  private static boolean recorded(String user, String outcome) {
    String query = "/api/admin/deliveries?userId=" + user + "&outcome=" + outcome + "&limit=1";
    return relay.api.get(query, relay.tokenFor("root", Role.ADMIN)).json().path("items").size()
        == 1;
  }

  @Test
  void progressReplacedWithinTheRateLimitWindowIsRecordedAsRateLimited() {
    subscribed("rl-1", "erin");
    TestSocket erin = relay.socketFor("erin");

    for (int n = 0; n < 5; n++) {
      redis.publishUpload("rl-1", "{\"action\":\"upload_progress\",\"n\":" + n + "}");
    }

    assertThat(erin.nextFrame()).contains("\"n\":0");
    assertThat(erin.nextFrame()).contains("\"n\":4");
    await().atMost(Duration.ofSeconds(10)).until(() -> recorded("erin", "rate_limited"));
    erin.close();
  }

  @Test
  void framesWaitingOnASocketThatDiesAreRecordedAsFailed() {
    subscribed("fail-1", "frank");
    TestSocket frank = relay.socketFor("frank");
    frank.stopReading();

    String padding = "x".repeat(4000);
    for (int n = 0; n < 4000; n++) {
      redis.publishUpload("fail-1", "{\"action\":\"upload_log\",\"pad\":\"" + padding + "\"}");
    }
    await()
        .until(
            () ->
                relay.application().engine().connections().stream()
                    .anyMatch(c -> c.userId().value().equals("frank") && c.queuedFrames() > 0));
    frank.abort();

    await().atMost(Duration.ofSeconds(20)).until(() -> recorded("frank", "failed"));
  }
}
