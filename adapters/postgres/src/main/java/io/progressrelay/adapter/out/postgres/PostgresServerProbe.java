package io.progressrelay.adapter.out.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Asks once, without a pool, whether a PostgreSQL server answers, so a caller (the demo) can choose
 * another storage before starting; a missing database still counts as an answer.
 */
public final class PostgresServerProbe {
  private static final String INVALID_CATALOG_NAME = "3D000";

  private PostgresServerProbe() {}

  /** Empty when the server answers; otherwise why not, in one line without secrets. */
  public static Optional<String> problem(PostgresSettings settings) {
    var properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", String.valueOf(settings.connectionTimeoutSeconds()));
    properties.setProperty("loginTimeout", String.valueOf(settings.connectionTimeoutSeconds()));
    properties.setProperty("ApplicationName", PostgresDatabase.APPLICATION_NAME);
    try (Connection ignored = new Driver().connect(settings.jdbcUrl(), properties)) {
      return Optional.empty();
    } catch (SQLException e) {
      return INVALID_CATALOG_NAME.equals(e.getSQLState())
          ? Optional.empty() // the server answered; the database is created at start
          : Optional.of(Failures.describe(e));
    } catch (RuntimeException e) {
      return Optional.of(Failures.describe(e));
    }
  }

  /** Server and database of {@code settings}, safe to print: never a password. */
  public static String describe(PostgresSettings settings) {
    return JdbcUrls.describe(settings.jdbcUrl());
  }
}
