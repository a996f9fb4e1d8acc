package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.StorageUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;

/**
 * Tells a database outage from any other failure, so callers learn "try again later" rather than
 * "internal error" while PostgreSQL is down, restarting or out of connections.
 */
final class Outages {
  private Outages() {}

  /**
   * Runs {@code call}, turning a failure to reach PostgreSQL into {@link
   * StorageUnavailableException}.
   */
  static <T> T translate(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (isOutage(e)) {
        throw new StorageUnavailableException(
            "PostgreSQL is unavailable: " + Failures.describe(e), e);
      }
      throw e;
    }
  }

  static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  // 08xxx: connection exceptions; 57P01..57P03: the server is shutting down or not yet accepting.
  private static boolean isOutageState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01")
            || sqlState.equals("57P02")
            || sqlState.equals("57P03"));
  }
}
