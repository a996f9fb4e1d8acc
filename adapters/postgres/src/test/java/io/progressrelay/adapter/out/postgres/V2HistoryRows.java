package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * V2's storage, kept for measuring against V4: the {@code delivery_history} table of migration V2
 * (one row per event and recipient, three B-trees) and its binary COPY, as the adapter wrote it up
 * to V3.
 */
final class V2HistoryRows {
  private static final String COPY =
      """
      COPY delivery_history (event_id, channel, action, upload_id, batch_id, size_bytes,
                             received_at, instance_id, user_id, outcome, connections,
                             first_written_at, latency_micros)
      FROM STDIN (FORMAT binary)
      """;
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  private V2HistoryRows() {}

  /** Creates V2's table and indexes (V4 dropped them) and the partition of {@code day}. */
  static void createTable(Handle handle, String day, String nextDay) {
    String v2;
    try (InputStream in =
        V2HistoryRows.class.getResourceAsStream("/db/migration/V2__delivery_history.sql")) {
      v2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    handle.execute(v2.substring(0, v2.indexOf("CREATE TABLE history_gaps")));
    handle.execute(
        "CREATE TABLE delivery_history_v2day PARTITION OF delivery_history"
            + " FOR VALUES FROM ('"
            + day
            + " 00:00:00+00') TO ('"
            + nextDay
            + " 00:00:00+00')");
  }

  /** Appends one row per delivery with V2's binary COPY, in the caller's transaction. */
  static void append(Handle handle, Map<String, EventRecord> events, List<DeliveryRecord> rows)
      throws SQLException {
    var out = new BinaryCopyBuffer(rows.size() * 200 + 32);
    out.put(SIGNATURE);
    out.putInt(0);
    out.putInt(0);
    for (DeliveryRecord row : rows) {
      EventRecord event = events.get(row.eventId());
      out.putShort(13);
      text(out, event.eventId());
      text(out, event.channel());
      text(out, event.action());
      text(out, event.uploadId().orElse(null));
      text(out, event.batchId().orElse(null));
      out.putInt(4);
      out.putInt(event.sizeBytes());
      timestamp(out, event.receivedAt());
      text(out, event.instanceId());
      text(out, row.userId().orElse(null));
      text(out, row.outcome().code());
      out.putInt(4);
      out.putInt(row.connections());
      timestamp(out, row.firstWrittenAt().orElse(null));
      if (row.latencyMicros().isEmpty()) {
        out.putInt(-1);
      } else {
        out.putInt(8);
        out.putLong(row.latencyMicros().getAsLong());
      }
    }
    out.putShort(-1);
    CopyIn copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    copy.writeToCopy(out.array(), 0, out.length());
    copy.endCopy();
  }

  private static void text(BinaryCopyBuffer out, String value) {
    if (value == null) {
      out.putInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.putInt(utf8.length);
    out.put(utf8);
  }

  private static void timestamp(BinaryCopyBuffer out, Instant value) {
    if (value == null) {
      out.putInt(-1);
      return;
    }
    out.putInt(8);
    out.putLong(Micros.sincePostgresEpoch(value));
  }
}
