package io.progressrelay.adapter.out.postgres;

import java.sql.SQLException;
import java.time.Duration;

/**
 * One uniquely named database on the test server, dropped with all it holds on {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private final TestServer server;
  private final String name;

  TestDatabase(TestServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** The database's name: lower-case letters, digits and underscores only. */
  public String name() {
    return name;
  }

  /** Settings to open this database with {@link PostgresDatabase#open(PostgresSettings)}. */
  public PostgresSettings settings() {
    return server.settingsFor(name);
  }

  TestServer server() {
    return server;
  }

  void create() {
    run("CREATE DATABASE \"" + name + "\"");
  }

  /** Drops the database even while connections to it are open. */
  @Override
  public void close() {
    run("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  }

  private void run(String sql) {
    try {
      server.execute(sql, ADMIN_TIMEOUT);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
