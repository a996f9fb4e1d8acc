package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.sse.SseClient;
import io.progressrelay.adapter.in.web.sse.SseClient.Message;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis → fan-out → Server-Sent Events end to end: the relay wired to real PostgreSQL and Redis, a
 * real publisher, and streams read by a standard SSE client; the streams' meters at {@code GET
 * /metrics}.
 */
class EventStreamEndToEndTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static RelayUnderTest relay;
  private static RedisPublisher redis;
  private static String worker;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("EventStreamEndToEndTest", Map.of());
    redis = relay.publisher();
    worker = relay.tokenFor("worker", Role.SERVICE);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  /** A new upload of {@code owner}, registered and followed over the REST API. */
  private static String followedUploadOf(String owner) {
    String id = "sse-" + IDS.incrementAndGet();
    assertThat(
            relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"" + owner + "\"}").status())
        .isEqualTo(201);
    assertThat(
            relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor(owner)).status())
        .isIn(200, 201);
    return id;
  }

  private static URI events(String token) {
    return URI.create(
        "http://127.0.0.1:" + relay.application().httpPort() + "/api/events?token=" + token);
  }

  private static PrometheusText scrape() {
    var answer = relay.api.get("/metrics", null);
    assertThat(answer.status()).isEqualTo(200);
    return PrometheusText.parse(answer.body());
  }

  @Test
  void aPublishedEventReachesTheStreamOfAUserWhoFollowsItAndNoOtherStream() {
    String upload = followedUploadOf("sse-alice");
    String strangers = followedUploadOf("sse-bob");
    try (SseClient alice = SseClient.open(events(relay.tokenFor("sse-alice")), Map.of());
        SseClient bob = SseClient.open(events(relay.tokenFor("sse-bob")), Map.of())) {
      assertThat(alice.next().action()).isEqualTo("auth_success");
      assertThat(bob.next().action()).isEqualTo("auth_success");
      alice.until("caught_up");
      bob.until("caught_up");
      String payload =
          "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\"" + upload + "\"}}";

      redis.publishUpload(upload, payload);
      redis.publishUpload(strangers, "{\"action\":\"upload_progress\",\"n\":2}");

      Message event = alice.nextIgnoringPings();
      assertThat(event.action()).isEqualTo("event");
      assertThat(event.json().path("channel").asText()).isEqualTo("upload:" + upload);
      assertThat(event.json().path("data").toString()).isEqualTo(payload);
      assertThat(event.id()).isPresent();
      assertThat(bob.nextIgnoringPings().json().path("channel").asText())
          .isEqualTo("upload:" + strangers);
    }
  }

  @Test
  void theStreamsAndTheirRefusalsAreMetered() {
    double refusedBefore =
        scrape().value("relay_event_stream_refusals_total", "reason", "auth_failure");
    SseClient refused = SseClient.open(events("not-a-jwt"), Map.of());
    assertThat(refused.status()).isEqualTo(401);

    try (SseClient stream = SseClient.open(events(relay.tokenFor("sse-carol")), Map.of())) {
      assertThat(stream.status()).isEqualTo(200);
      await().until(() -> scrape().value("relay_event_streams") >= 1);
      PrometheusText metrics = scrape();
      assertThat(metrics.value("relay_event_stream_refusals_total", "reason", "auth_failure"))
          .isEqualTo(refusedBefore + 1);
      assertThat(metrics.value("relay_event_streams_opened_total")).isPositive();
      assertThat(metrics.value("relay_event_stream_token_expiries_total")).isZero();
    }
  }
}
