package io.progressrelay.adapter.out.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Appends with {@code COPY ... FROM STDIN} in text format: one round trip streaming every row, no
 * per-row parameter binding, routed to the day partitions by the server.
 */
final class CopyHistoryAppender implements HistoryAppender {
  private static final String COPY =
      """
      COPY delivery_history (event_id, channel, action, upload_id, batch_id, size_bytes,
                             received_at, instance_id, user_id, outcome, connections,
                             first_written_at, latency_micros)
      FROM STDIN (FORMAT text)
      """;
  private static final String NULL = "\\N";

  @Override
  public void append(Handle handle, List<HistoryRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    byte[] data = encode(rows);
    CopyIn copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      copy.writeToCopy(data, 0, data.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static byte[] encode(List<HistoryRow> rows) {
    var text = new StringBuilder(rows.size() * 160);
    var timestamps = new CopyTimestamps();
    for (HistoryRow row : rows) {
      field(text, row.eventId()).append('\t');
      field(text, row.channel()).append('\t');
      field(text, row.action()).append('\t');
      field(text, row.uploadId()).append('\t');
      field(text, row.batchId()).append('\t');
      text.append(row.sizeBytes()).append('\t');
      timestamps.append(text, row.receivedAt()).append('\t');
      field(text, row.instanceId()).append('\t');
      field(text, row.userId()).append('\t');
      text.append(row.outcome()).append('\t');
      text.append(row.connections()).append('\t');
      if (row.firstWrittenAt() == null) {
        text.append(NULL);
      } else {
        timestamps.append(text, row.firstWrittenAt());
      }
      text.append('\t');
      text.append(row.latencyMicros() == null ? NULL : row.latencyMicros().toString());
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Appends {@code value} escaped for COPY's text format, where \, tab and newlines are special.
   */
  private static StringBuilder field(StringBuilder text, String value) {
    if (value == null) {
      return text.append(NULL);
    }
    int special = firstSpecial(value);
    if (special < 0) {
      return text.append(value); // the usual case: ids and action names need no escaping
    }
    text.append(value, 0, special);
    for (int i = special; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
    return text;
  }

  private static int firstSpecial(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }
}
