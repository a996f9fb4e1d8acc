package io.progressrelay.adapter.out.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the configured database when the server says it does not exist yet. */
final class MissingDatabaseCreator {
  private static final Logger LOG = LoggerFactory.getLogger(MissingDatabaseCreator.class);
  private static final String INVALID_CATALOG_NAME = "3D000";
  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String MAINTENANCE_DATABASE = "postgres";

  private MissingDatabaseCreator() {}

  /**
   * Creates the database unless it exists; when the server cannot be reached at all this only
   * warns, so the service still starts, reports not ready, and recovers once the server answers.
   *
   * @throws IllegalStateException naming the database when it is missing and cannot be created
   */
  static void createIfMissing(PostgresSettings settings) {
    Optional<String> database = JdbcUrls.databaseName(settings.jdbcUrl());
    if (database.isEmpty()) {
      return;
    }
    try (Connection ignored = connect(settings, settings.jdbcUrl())) {
      return;
    } catch (SQLException e) {
      if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
        LOG.warn(
            "Cannot check that PostgreSQL database '{}' exists: {}",
            database.get(),
            Failures.describe(e));
        return;
      }
    }
    create(settings, database.get());
  }

  private static void create(PostgresSettings settings, String database) {
    String maintenanceUrl = JdbcUrls.withDatabase(settings.jdbcUrl(), MAINTENANCE_DATABASE);
    try (Connection connection = connect(settings, maintenanceUrl);
        Statement statement = connection.createStatement()) {
      String quoted = connection.unwrap(PGConnection.class).escapeIdentifier(database);
      statement.execute("CREATE DATABASE " + quoted);
      LOG.info("Created PostgreSQL database '{}'", database);
    } catch (SQLException e) {
      if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
        return; // another instance created it a moment ago
      }
      throw new IllegalStateException(
          "PostgreSQL database '"
              + database
              + "' does not exist and user '"
              + settings.user()
              + "' could not create it: "
              + Failures.describe(e)
              + ". Create the database, or grant CREATEDB to the user.",
          e);
    }
  }

  private static Connection connect(PostgresSettings settings, String url) throws SQLException {
    var properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", String.valueOf(settings.connectionTimeoutSeconds()));
    properties.setProperty("loginTimeout", String.valueOf(settings.connectionTimeoutSeconds()));
    properties.setProperty("ApplicationName", PostgresDatabase.APPLICATION_NAME);
    return new Driver().connect(url, properties);
  }
}
