package io.progressrelay.bench.suite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * PostgreSQL's own counters for the relay's database, read before and after a window: transactions
 * committed and index or sequential scans of the tables that hold audiences.
 */
final class QueryCounter {

  /** Counter values at one moment. */
  record Reading(long transactions, long audienceScans, long uploadScans) {
    Reading minus(Reading earlier) {
      return new Reading(
          transactions - earlier.transactions,
          audienceScans - earlier.audienceScans,
          uploadScans - earlier.uploadScans);
    }
  }

  static Reading read(String url) {
    // PostgreSQL publishes a busy backend's counters at most once a second, and an idle one's up
    // to 10 s later: without this wait, setup queries (subscribing 1,000 users) land in the window.
    Drain.sleep(11_000);
    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      var query =
          db.prepareStatement(
              "SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database"
                  + "         WHERE datname = current_database()),"
                  + "      (SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)"
                  + "         FROM pg_stat_user_tables WHERE relname IN ('grants', 'subscriptions')),"
                  + "      (SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)"
                  + "         FROM pg_stat_user_tables WHERE relname = 'uploads')");
      db.createStatement().execute("SELECT pg_stat_clear_snapshot()");
      try (var row = query.executeQuery()) {
        row.next();
        // This connection's own transactions are counted too: two per reading.
        return new Reading(row.getLong(1), row.getLong(2), row.getLong(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read PostgreSQL's statistics: " + e.getMessage(), e);
    }
  }

  private QueryCounter() {}
}
