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
 * {@code GET /metrics} of the relay wired to real PostgreSQL and Redis: the meters exist, and they
 * move when a real publisher's events reach a real socket.
 */
class MetricsEndpointTest {
  private static final String LATENCY = "relay_delivery_latency_seconds";

  private static RelayUnderTest relay;
  private static RedisPublisher redis;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("MetricsEndpointTest", Map.of());
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  private static PrometheusText scrape() {
    var answer = relay.api.get("/metrics", null);
    assertThat(answer.status()).isEqualTo(200);
    return PrometheusText.parse(answer.body());
  }

  @Test
  void answersInThePrometheusTextFormatWithoutAToken() {
    var answer = relay.api.get("/metrics", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.response().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(answer.body()).contains("# TYPE relay_events_received_total counter");
  }

  @Test
  void publishesTheJvmThePoolAndEveryRelayMeter() {
    PrometheusText metrics = scrape();

    assertThat(metrics.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
    assertThat(metrics.value("jvm_threads_live_threads")).isPositive();
    assertThat(metrics.value("system_cpu_count")).isPositive();
    assertThat(metrics.value("process_uptime_seconds")).isPositive();
    assertThat(metrics.value("hikaricp_connections_max", "pool", "progress-relay-postgres"))
        .isEqualTo(10);
    assertThat(metrics.has("hikaricp_connections_active")).isTrue();
    assertThat(metrics.value("relay_redis_connected")).isEqualTo(1);
    assertThat(metrics.value("relay_history_buffer_capacity")).isEqualTo(100_000);
    for (String reason : new String[] {"malformed", "oversized", "handler_failure"}) {
      assertThat(metrics.value("relay_redis_messages_dropped_total", "reason", reason)).isZero();
    }
    for (String outcome : new String[] {"sent", "coalesced", "rate_limited", "dropped"}) {
      assertThat(metrics.value("relay_frames_total", "outcome", outcome)).isNotNegative();
    }
    assertThat(metrics.value("relay_socket_closes_total", "reason", "slow_consumer")).isZero();
    assertThat(metrics.value("relay_socket_writes_total")).isNotNegative();
    assertThat(metrics.value("relay_queue_frames")).isNotNegative();
    assertThat(metrics.value("relay_routes")).isNotNegative();
    assertThat(metrics.value(LATENCY + "_bucket", "le", "0.001")).isNotNegative();
  }

  @Test
  void countersMoveWhenEventsReachASocket() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/m-1", worker, "{\"ownerId\":\"m-user\"}").status())
        .isEqualTo(201);
    PrometheusText before = scrape();
    TestSocket socket = relay.socketFor("m-user");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"m-1\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    assertThat(scrape().value("relay_connections"))
        .isEqualTo(before.value("relay_connections") + 1);

    String progress = "{\"action\":\"upload_progress\",\"upload_id\":\"m-1\",\"percent\":50}";
    String completed = "{\"action\":\"upload_completed\",\"upload_id\":\"m-1\"}";
    redis.publishUpload("m-1", progress);
    redis.publishUpload("m-1", completed);
    assertThat(socket.nextFrame()).isEqualTo(progress);
    assertThat(socket.nextFrame()).isEqualTo(completed);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              PrometheusText after = scrape();
              assertThat(moved(before, after, "relay_events_received_total", "kind", "progress"))
                  .isEqualTo(1);
              assertThat(moved(before, after, "relay_events_received_total", "kind", "terminal"))
                  .isEqualTo(1);
              assertThat(moved(before, after, "relay_redis_messages_total")).isEqualTo(2);
              assertThat(moved(before, after, "relay_frames_total", "outcome", "sent"))
                  .isEqualTo(2);
              // auth_success, subscribed and the two events: one write each at most.
              assertThat(moved(before, after, "relay_socket_writes_total")).isBetween(1.0, 4.0);
              assertThat(moved(before, after, LATENCY + "_count")).isEqualTo(2);
              assertThat(moved(before, after, LATENCY + "_sum")).isPositive();
              assertThat(after.value(LATENCY + "_bucket", "le", "+Inf"))
                  .isEqualTo(after.value(LATENCY + "_count"));
              assertThat(after.value("relay_route_subscribers")).isPositive();
            });

    socket.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> scrape().value("relay_connections") == before.value("relay_connections"));
  }

  @Test
  void aConfiguredTokenIsRequired() {
    try (var guarded =
        new RelayUnderTest(
            "MetricsEndpointTestToken", Map.of("RELAY_METRICS_TOKEN", "scrape-secret"))) {
      assertThat(guarded.api.get("/metrics", null).status()).isEqualTo(401);
      assertThat(guarded.api.get("/metrics", "another-secret").status()).isEqualTo(401);
      assertThat(guarded.api.get("/metrics", "scrape-secret").status()).isEqualTo(200);
    }
  }

  private static double moved(
      PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }
}
