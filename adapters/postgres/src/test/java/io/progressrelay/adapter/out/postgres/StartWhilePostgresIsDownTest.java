package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A relay started while PostgreSQL (a cluster of the test's own) is down waits for it instead of
 * failing its start-up: the migration keeps trying and succeeds once the server is back.
 */
class StartWhilePostgresIsDownTest {
  @Test
  void migratingWaitsForAServerThatComesBack() throws Exception {
    try (ThrowawayPostgres postgres = ThrowawayPostgres.start();
        TestDatabase database = postgres.newDatabase("start_while_down")) {
      PostgresSettings base = database.settings();
      var settings =
          new PostgresSettings(
              base.jdbcUrl(), base.user(), base.password(), 2, Duration.ofMillis(500));
      postgres.stop();

      CompletableFuture<MigrationResult> migrated =
          CompletableFuture.supplyAsync(
              () -> {
                try (PostgresDatabase opened = PostgresDatabase.open(settings)) {
                  return opened.migrate();
                }
              });
      // Without the retries, the first failed connection (0.5 s) ends the start-up.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(4))
          .until(() -> !migrated.isDone());
      postgres.restart();

      MigrationResult result = migrated.get(60, TimeUnit.SECONDS);
      assertThat(result.currentVersion()).isNotBlank();
    }
  }
}
