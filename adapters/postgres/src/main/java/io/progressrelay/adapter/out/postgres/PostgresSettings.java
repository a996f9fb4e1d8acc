package io.progressrelay.adapter.out.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Where PostgreSQL is ({@code jdbc:postgresql://host[:port]/database}), whom to log in as, and how
 * large and how patient the connection pool is.
 */
public record PostgresSettings(
    String jdbcUrl, String user, String password, int maxPoolSize, Duration connectionTimeout) {
  /** HikariCP refuses to wait less than this for a connection. */
  static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  public PostgresSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (!JdbcUrls.isSupported(jdbcUrl)) {
      throw new IllegalArgumentException(
          "'jdbcUrl' must look like jdbc:postgresql://host[:port]/database");
    }
    password = password == null ? "" : password;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("'maxPoolSize' must be at least 1");
    }
    if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "'connectionTimeout' must be at least " + MIN_CONNECTION_TIMEOUT.toMillis() + " ms");
    }
  }

  /** The connection timeout in whole seconds, as the PostgreSQL driver takes it (at least 1). */
  int connectionTimeoutSeconds() {
    return (int) Math.max(1, (connectionTimeout.toMillis() + 999) / 1000);
  }

  /** Server and database only: never the password, neither the field nor one inside the URL. */
  @Override
  public String toString() {
    return "PostgresSettings[database="
        + JdbcUrls.describe(jdbcUrl)
        + ", user="
        + user
        + ", maxPoolSize="
        + maxPoolSize
        + ", connectionTimeout="
        + connectionTimeout
        + "]";
  }
}
