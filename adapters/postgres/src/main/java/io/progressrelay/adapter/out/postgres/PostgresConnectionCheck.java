package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Ready when a pooled connection answers {@code SELECT 1} within a short timeout. */
final class PostgresConnectionCheck implements ReadinessCheck {
  private static final int QUERY_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final String database;

  PostgresConnectionCheck(DataSource dataSource, String database) {
    this.dataSource = dataSource;
    this.database = database;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Result check() {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.execute("SELECT 1");
      long millis = (System.nanoTime() - started) / 1_000_000;
      return new Result(name(), true, database + " answered SELECT 1 in " + millis + " ms");
    } catch (SQLException | RuntimeException e) {
      return new Result(
          name(), false, "SELECT 1 on " + database + " failed: " + Failures.describe(e));
    }
  }
}
