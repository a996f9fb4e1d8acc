package io.progressrelay.adapter.out.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

/** A PostgreSQL server the tests may create and drop databases on, through {@link #url()}. */
record TestServer(String url, String user, String password) {
  private static final int POOL_SIZE = 10;
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** Settings for {@code database} on this server. */
  PostgresSettings settingsFor(String database) {
    return new PostgresSettings(
        JdbcUrls.withDatabase(url, database), user, password, POOL_SIZE, CONNECTION_TIMEOUT);
  }

  /** Runs one statement on the server's maintenance database, waiting at most {@code timeout}. */
  void execute(String sql, Duration timeout) throws SQLException {
    try (Connection connection = connect(timeout);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  Connection connect(Duration timeout) throws SQLException {
    String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
    var properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("socketTimeout", "60");
    return new Driver().connect(url, properties);
  }
}
