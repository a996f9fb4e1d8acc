package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.port.out.ReadinessCheck.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening, migrating and checking the relay's database on a real server. */
final class PostgresDatabaseTest {

  @Test
  void openingCreatesTheDatabaseWhenItIsMissing() {
    try (TestDatabase missing = TestDatabases.unusedDatabase("PostgresDatabaseTest");
        PostgresDatabase postgres = PostgresDatabase.open(missing.settings())) {
      String current =
          postgres
              .jdbi()
              .withHandle(h -> h.select("SELECT current_database()").mapTo(String.class).one());

      assertThat(current).isEqualTo(missing.name());
    }
  }

  @Test
  void migratingAgainAppliesNothing() {
    try (TestDatabase database = TestDatabases.newDatabase("PostgresDatabaseTest");
        PostgresDatabase postgres = PostgresDatabase.open(database.settings())) {
      MigrationResult first = postgres.migrate();
      MigrationResult second = postgres.migrate();

      assertThat(first.applied()).isPositive();
      assertThat(second).isEqualTo(new MigrationResult(0, first.currentVersion()));
    }
  }

  @Test
  void aMigratedDatabaseIsReady() {
    try (TestDatabase database = TestDatabases.newDatabase("PostgresDatabaseTest");
        PostgresDatabase postgres = PostgresDatabase.open(database.settings())) {
      postgres.migrate();

      assertThat(checkAll(postgres.readinessChecks()))
          .extracting(Result::name, Result::ready)
          .containsExactly(tuple("postgres", true), tuple("migrations", true));
    }
  }

  @Test
  void anUnmigratedDatabaseIsNotReadyAndNamesThePendingVersions() {
    try (TestDatabase database = TestDatabases.newDatabase("PostgresDatabaseTest");
        PostgresDatabase postgres = PostgresDatabase.open(database.settings())) {
      List<Result> results = checkAll(postgres.readinessChecks());

      assertThat(results.get(0).ready()).isTrue();
      assertThat(results.get(1).ready()).isFalse();
      assertThat(results.get(1).detail()).contains("version none").contains("pending: 1");
    }
  }

  @Test
  void aServerThatDoesNotAnswerIsNotReadyQuicklyAndWithoutThrowing() {
    var settings =
        new PostgresSettings(
            "jdbc:postgresql://127.0.0.1:1/relay", "postgres", "s3cret", 2, Duration.ofSeconds(1));

    try (PostgresDatabase postgres = PostgresDatabase.open(settings)) {
      for (ReadinessCheck check : postgres.readinessChecks()) {
        long started = System.nanoTime();
        Result result = check.check();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.ready()).as(check.name()).isFalse();
        assertThat(result.detail()).isNotBlank().doesNotContain("s3cret");
        assertThat(took).as(check.name()).isLessThan(Duration.ofSeconds(3));
      }
    }
  }

  @Test
  void aMissingDatabaseTheUserMayNotCreateFailsNamingTheDatabase() throws Exception {
    TestServer server = TestDatabases.server();
    String role = "relay_test_nocreatedb_" + Long.toHexString(System.nanoTime());
    server.execute(
        "CREATE ROLE " + role + " LOGIN NOCREATEDB PASSWORD 'not-a-secret'", Duration.ofSeconds(5));
    try (TestDatabase missing = TestDatabases.unusedDatabase("PostgresDatabaseTest")) {
      PostgresSettings asAdmin = missing.settings();
      var asRole =
          new PostgresSettings(
              asAdmin.jdbcUrl(), role, "not-a-secret", 2, asAdmin.connectionTimeout());

      assertThatThrownBy(() -> PostgresDatabase.open(asRole).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'" + missing.name() + "'")
          .hasMessageContaining("permission denied")
          .hasMessageNotContaining("not-a-secret");
    } finally {
      server.execute("DROP ROLE " + role, Duration.ofSeconds(5));
    }
  }

  @Test
  void settingsNeverShowThePassword() {
    var settings =
        new PostgresSettings(
            "jdbc:postgresql://db:5432/relay?password=in-url",
            "relay",
            "in-field",
            4,
            Duration.ofSeconds(2));

    assertThat(settings.toString())
        .contains("db:5432/relay")
        .doesNotContain("in-url")
        .doesNotContain("in-field");
  }

  private static List<Result> checkAll(List<ReadinessCheck> checks) {
    return checks.stream().map(ReadinessCheck::check).toList();
  }
}
