package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.postgres.ThrowawayPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away under a running relay (a cluster of the test's own, never the shared
 * server): requests answer 503 instead of hanging or 500, {@code /readyz} says why, nothing is
 * half-written, and the relay recovers by itself.
 */
class DatabaseOutageTest {
  private ThrowawayPostgres postgres;
  private RelayUnderTest relay;
  private String alice;

  @BeforeEach
  void startRelay() {
    postgres = ThrowawayPostgres.start();
    relay =
        RelayUnderTest.onPostgres(
            "DatabaseOutageTest", postgres, Map.of("RELAY_DB_CONNECT_TIMEOUT", "1s"));
    alice = relay.tokenFor("alice");
  }

  @AfterEach
  void stopRelay() {
    relay.close();
    postgres.close();
  }

  @Test
  void requestsGet503WhileTheDatabaseIsUnreachableAndSucceedAgainAfter() throws Exception {
    String worker = relay.tokenFor("worker", io.progressrelay.domain.Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/o-1", worker, "{\"ownerId\":\"alice\"}").status())
        .isEqualTo(201);

    postgres.stop();

    var during = relay.api.post("/api/uploads/o-1/subscription", alice);
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.errorCode()).isEqualTo("storage_unavailable");
    assertThat(during.response().headers().firstValue("Retry-After")).contains("5");
    var readiness = relay.api.get("/readyz", null);
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.body()).contains("postgres");

    postgres.restart();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> relay.api.post("/api/uploads/o-1/subscription", alice).status() == 201);
    assertThat(relay.api.get("/readyz", null).status()).isEqualTo(200);
  }
}
