package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.ThrowawayPostgres;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL (a cluster of the test's own) goes away while events flow: delivery carries on without
 * waiting for it, history that could not be kept is reported as a gap, and recording resumes by
 * itself when it is back.
 */
class HistoryDuringDatabaseOutageTest {
  private ThrowawayPostgres postgres;
  private RelayUnderTest relay;
  private RedisPublisher redis;

  @BeforeEach
  void start() {
    postgres = ThrowawayPostgres.start();
    relay =
        RelayUnderTest.onPostgres(
            "HistoryDuringDatabaseOutageTest",
            postgres,
            Map.of("RELAY_HISTORY_BUFFER", "1000", "RELAY_DB_CONNECT_TIMEOUT", "1s"));
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    redis.close();
    relay.close();
    postgres.close();
  }

  @Test
  void deliveryContinuesTheGapIsReportedAndRecordingResumes() throws Exception {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    String admin = relay.tokenFor("root", Role.ADMIN);
    relay.api.put("/api/uploads/o-1", worker, "{\"ownerId\":\"alice\"}");
    relay.api.post("/api/uploads/o-1/subscription", relay.tokenFor("alice"));
    TestSocket alice = relay.socketFor("alice");
    redis.publishUpload("o-1", "{\"action\":\"upload_log\",\"n\":-1}");
    assertThat(alice.nextFrame()).contains("\"n\":-1");

    postgres.stop();
    for (int n = 0; n < 3000; n++) {
      redis.publishUpload("o-1", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    }
    for (int n = 0; n < 3000; n++) {
      assertThat(alice.nextJson().path("n").asInt()).isEqualTo(n);
    }
    await().until(() -> relay.application().engine().stats().framesQueued() >= 3001);
    postgres.restart();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var answer = relay.api.get("/api/admin/deliveries?uploadId=o-1&limit=1", admin);
              return answer.status() == 200 && answer.json().path("gaps").size() > 0;
            });
    var answer = relay.api.get("/api/admin/deliveries?uploadId=o-1&limit=1", admin);
    assertThat(answer.json().path("gaps").get(0).path("lostOutcomes").asLong()).isPositive();
    redis.publishUpload("o-1", "{\"action\":\"after_outage\"}");
    assertThat(alice.nextFrame()).contains("after_outage");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                relay
                        .api
                        .get("/api/admin/deliveries?uploadId=o-1&action=after_outage", admin)
                        .json()
                        .path("items")
                        .size()
                    == 1);
    alice.close();
  }
}
