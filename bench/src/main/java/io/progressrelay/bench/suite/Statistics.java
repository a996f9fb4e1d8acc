package io.progressrelay.bench.suite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refreshes PostgreSQL's planner statistics for the relay's tables after the suite registers
 * uploads, as autovacuum would in production. This machine's PostgreSQL runs with autovacuum off:
 * without statistics the planner scanned the whole subscriptions table for each subscribe and each
 * connect once the benchmark database held a few hundred thousand rows.
 */
final class Statistics {

  static void refresh(String url) {
    try (Connection db = DriverManager.getConnection(url, "postgres", "");
        Statement statement = db.createStatement()) {
      statement.execute("ANALYZE uploads, grants, subscriptions");
    } catch (SQLException e) {
      throw new IllegalStateException("could not ANALYZE the benchmark database: " + e, e);
    }
  }

  private Statistics() {}
}
