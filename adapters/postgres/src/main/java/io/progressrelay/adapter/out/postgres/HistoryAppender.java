package io.progressrelay.adapter.out.postgres;

import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * How a batch of event rows reaches {@code delivery_events}, within the caller's transaction. Two
 * ways exist so that they can be measured against each other (docs/history.md has the figures);
 * {@link #fastest()} is the one the adapter uses.
 */
interface HistoryAppender {
  void append(Handle handle, List<EventRow> rows) throws SQLException;

  /** The faster of the two on the measurements in docs/history.md. */
  static HistoryAppender fastest() {
    return new CopyHistoryAppender();
  }
}
