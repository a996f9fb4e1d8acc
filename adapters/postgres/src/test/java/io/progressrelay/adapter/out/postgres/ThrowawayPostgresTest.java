package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A test's own PostgreSQL: not the shared server, down when stopped, its data back on restart. */
class ThrowawayPostgresTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void stopsAndRestartsOnTheSamePortWithItsData() throws SQLException {
    try (ThrowawayPostgres postgres = ThrowawayPostgres.start();
        TestDatabase database = postgres.newDatabase("throwaway")) {
      TestServer server = database.server();
      assertThat(server.url()).doesNotContain(":5432/");
      server.execute("SELECT 1", TIMEOUT);

      postgres.stop();
      assertThatThrownBy(() -> server.execute("SELECT 1", TIMEOUT))
          .isInstanceOf(SQLException.class);

      postgres.restart();
      try (var connection = database.server().connect(TIMEOUT);
          var statement = connection.createStatement();
          var rows =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_database WHERE datname = '" + database.name() + "'")) {
        rows.next();
        assertThat(rows.getInt(1)).as("the database survives the restart").isEqualTo(1);
      }
    }
  }
}
