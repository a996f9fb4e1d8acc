package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Liveness and readiness of the relay wired to real PostgreSQL and Redis. */
class HealthApiTest {
  private static RelayUnderTest relay;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("HealthApiTest", Map.of());
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  @Test
  void healthzAnswersWithoutAToken() {
    var answer = relay.api.get("/healthz", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("status").asText()).isEqualTo("up");
  }

  @Test
  void readyzListsEveryCheckAndIsReadyWhenAllPass() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> relay.api.get("/readyz", null).status() == 200);
    var answer = relay.api.get("/readyz", null);

    List<String> names = new ArrayList<>();
    answer.json().path("checks").forEach(check -> names.add(check.path("name").asText()));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("status").asText()).isEqualTo("ready");
    assertThat(names)
        .containsExactlyInAnyOrder("postgres", "migrations", "redis", "redis-listener");
  }

  @Test
  void readyzIs503AndNamesTheFailingCheckWhenRedisIsDown() {
    try (var withoutRedis =
        new RelayUnderTest(
            "HealthApiTestNoRedis", Map.of("RELAY_REDIS_URL", "redis://127.0.0.1:1"))) {
      var answer = withoutRedis.api.get("/readyz", null);

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.json().path("status").asText()).isEqualTo("not_ready");
      answer
          .json()
          .path("checks")
          .forEach(
              check ->
                  assertThat(check.path("ready").asBoolean())
                      .as(check.toString())
                      .isEqualTo(!check.path("name").asText().startsWith("redis")));
    }
  }
}
