package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.PostgresSettings;
import io.progressrelay.adapter.out.postgres.ThrowawayPostgres;
import io.progressrelay.domain.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL (a cluster of the test's own) goes away, or stops answering history's writes, while
 * events flow: delivery carries on without waiting for it, history that could not be kept is
 * reported as a gap, and recording resumes by itself when it is back.
 */
class HistoryDuringDatabaseOutageTest {
  private ThrowawayPostgres postgres;
  private RelayUnderTest relay;
  private RedisPublisher redis;

  @BeforeEach
  void start() {
    postgres = ThrowawayPostgres.start();
    // Each test publishes 3,000 events at once. Sockets may hold all of them, so the test is about
    // history, never about a slow machine's writers falling 1,000 frames behind (closed 4008).
    relay =
        RelayUnderTest.onPostgres(
            "HistoryDuringDatabaseOutageTest",
            postgres,
            Map.of(
                "RELAY_HISTORY_BUFFER", "1000",
                "RELAY_DB_CONNECT_TIMEOUT", "1s",
                "RELAY_QUEUE_MAX_FRAMES", "10000"));
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

  @Test
  void whileALockHoldsHistorysWritesEverySocketStillGetsEveryEventAndTheGapIsReported()
      throws Exception {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    String admin = relay.tokenFor("root", Role.ADMIN);
    relay.api.put("/api/uploads/s-1", worker, "{\"ownerId\":\"alice\"}");
    for (String grantee : List.of("bob", "carol")) {
      relay.api.post(
          "/api/uploads/s-1/grants", relay.tokenFor("alice"), "{\"userId\":\"" + grantee + "\"}");
    }
    List<TestSocket> readers = new ArrayList<>();
    for (String user : List.of("alice", "bob", "carol")) {
      relay.api.post("/api/uploads/s-1/subscription", relay.tokenFor(user));
      readers.add(relay.socketFor(user));
    }
    redis.publishUpload("s-1", "{\"action\":\"upload_log\",\"n\":-1}");
    for (TestSocket reader : readers) {
      assertThat(reader.nextFrame()).contains("\"n\":-1");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> relay.application().historyStats().written() == 3);

    // PostgreSQL is up but history's COPY waits behind the lock: the writer is slowed, not failed.
    try (Connection blocker = connect(relay.database().settings())) {
      blocker.setAutoCommit(false);
      try (Statement lock = blocker.createStatement()) {
        lock.execute("LOCK TABLE delivery_events IN ACCESS EXCLUSIVE MODE");
      }
      for (int n = 0; n < 3000; n++) {
        redis.publishUpload("s-1", "{\"action\":\"upload_log\",\"n\":" + n + "}");
      }
      for (TestSocket reader : readers) {
        for (int n = 0; n < 3000; n++) {
          assertThat(reader.nextJson().path("n").asInt()).isEqualTo(n);
        }
      }
      assertThat(relay.application().historyStats().lost())
          .as("the buffer (1,000 outcomes) overflowed instead of holding up delivery")
          .isPositive();
      blocker.rollback();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var answer = relay.api.get("/api/admin/deliveries?uploadId=s-1&limit=1", admin);
              return answer.status() == 200 && answer.json().path("gaps").size() > 0;
            });
    var answer = relay.api.get("/api/admin/deliveries?uploadId=s-1&limit=1", admin);
    assertThat(answer.json().path("gaps").get(0).path("lostOutcomes").asLong())
        .isEqualTo(relay.application().historyStats().lost());
    for (TestSocket reader : readers) {
      reader.close();
    }
  }

  private static Connection connect(PostgresSettings settings) throws Exception {
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }
}
