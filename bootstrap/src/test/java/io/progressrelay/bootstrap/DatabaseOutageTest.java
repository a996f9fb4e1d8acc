package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away under a running relay: requests answer 503 instead of hanging or 500,
 * {@code /readyz} says why, nothing is half-written, and the relay recovers by itself.
 */
class DatabaseOutageTest {
  private RelayUnderTest relay;
  private String alice;

  @BeforeEach
  void startRelay() {
    relay = new RelayUnderTest("DatabaseOutageTest", Map.of("RELAY_DB_CONNECT_TIMEOUT", "1s"));
    alice = relay.tokenFor("alice");
  }

  @AfterEach
  void stopRelay() throws SQLException {
    relay.allowDatabaseConnections(true);
    relay.close();
  }

  @Test
  void requestsGet503WhileTheDatabaseIsUnreachableAndSucceedAgainAfter() throws Exception {
    String worker = relay.tokenFor("worker", io.progressrelay.domain.Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/o-1", worker, "{\"ownerId\":\"alice\"}").status())
        .isEqualTo(201);

    relay.allowDatabaseConnections(false);

    var during = relay.api.post("/api/uploads/o-1/subscription", alice);
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.errorCode()).isEqualTo("storage_unavailable");
    assertThat(during.response().headers().firstValue("Retry-After")).contains("5");
    var readiness = relay.api.get("/readyz", null);
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.body()).contains("postgres");

    relay.allowDatabaseConnections(true);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> relay.api.post("/api/uploads/o-1/subscription", alice).status() == 201);
    assertThat(relay.api.get("/readyz", null).status()).isEqualTo(200);
  }
}
