package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Appends with {@code COPY ... FROM STDIN} in binary format: one round trip streaming every event
 * row, its recipients' outcomes as binary arrays, routed to the day partitions by the server.
 * Binary spares PostgreSQL parsing each value's text, timestamps and array literals above all. Text
 * values go as UTF-8, which the server converts from the connection's client encoding like any
 * other text it receives.
 */
final class CopyHistoryAppender implements HistoryAppender {
  private static final String COPY =
      """
      COPY delivery_events (event_id, channel, action, upload_id, batch_id, size_bytes,
                            received_at, instance_id, user_ids, outcomes, connections,
                            first_written_micros, latency_micros, run_counts,
                            run_first_event_ids, run_first_received_at)
      FROM STDIN (FORMAT binary)
      """;
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final short COLUMNS = 16;
  // Element type OIDs of the binary array format (pg_type.oid).
  private static final int INT8 = 20;
  private static final int INT2 = 21;
  private static final int INT4 = 23;
  private static final int TEXT = 25;
  private static final int TIMESTAMPTZ = 1184;

  @Override
  public void append(Handle handle, List<EventRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    BinaryCopyBuffer data = encode(rows);
    CopyIn copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      copy.writeToCopy(data.array(), 0, data.length());
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  static BinaryCopyBuffer encode(List<EventRow> rows) {
    var out = new BinaryCopyBuffer(rows.size() * 256 + 32);
    out.put(SIGNATURE);
    out.putInt(0); // flags: no OIDs
    out.putInt(0); // no header extension
    for (EventRow row : rows) {
      var event = row.event();
      out.putShort(COLUMNS);
      text(out, event.eventId());
      text(out, event.channel());
      text(out, event.action());
      text(out, event.uploadId().orElse(null));
      text(out, event.batchId().orElse(null));
      out.putInt(4);
      out.putInt(event.sizeBytes());
      timestamp(out, event.receivedAt());
      text(out, event.instanceId());
      List<DeliveryRecord> deliveries = row.deliveries();
      array(out, TEXT, deliveries, d -> d.userId().orElse(null));
      array(out, INT2, deliveries, d -> OutcomeCodes.codeOf(d.outcome()));
      array(out, INT4, deliveries, DeliveryRecord::connections);
      array(out, INT8, deliveries, row::firstWrittenMicros);
      array(
          out,
          INT8,
          deliveries,
          d -> d.latencyMicros().isPresent() ? d.latencyMicros().getAsLong() : null);
      if (row.hasRuns()) {
        array(out, INT4, deliveries, d -> d.run().map(DeliveryRun::count).orElse(null));
        array(out, TEXT, deliveries, d -> d.run().map(DeliveryRun::firstEventId).orElse(null));
        array(
            out,
            TIMESTAMPTZ,
            deliveries,
            d -> d.run().map(DeliveryRun::firstReceivedAt).orElse(null));
      } else {
        out.putInt(-1);
        out.putInt(-1);
        out.putInt(-1);
      }
    }
    out.putShort(-1); // end of data
    return out;
  }

  /** A one-dimensional array value: its header, then each element as a field of its own. */
  private static <T> void array(
      BinaryCopyBuffer out, int elementType, List<T> items, Function<T, Object> element) {
    int lengthAt = out.reserveInt();
    out.putInt(1); // dimensions
    int nullsAt = out.reserveInt();
    out.putInt(elementType);
    out.putInt(items.size());
    out.putInt(1); // lower bound
    boolean nulls = false;
    for (T item : items) {
      Object value = element.apply(item);
      if (value == null) {
        nulls = true;
        out.putInt(-1);
      } else {
        element(out, value);
      }
    }
    out.patchInt(nullsAt, nulls ? 1 : 0);
    out.patchInt(lengthAt, out.length() - lengthAt - 4);
  }

  private static void element(BinaryCopyBuffer out, Object value) {
    if (value instanceof String s) {
      text(out, s);
    } else if (value instanceof Short s) {
      out.putInt(2);
      out.putShort(s);
    } else if (value instanceof Integer i) {
      out.putInt(4);
      out.putInt(i);
    } else if (value instanceof Long l) {
      out.putInt(8);
      out.putLong(l);
    } else if (value instanceof Instant at) {
      timestamp(out, at);
    } else {
      throw new IllegalArgumentException("no binary form for " + value.getClass());
    }
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

  // Rounded to the nearest microsecond, as PostgreSQL rounds a timestamp given as text.
  private static void timestamp(BinaryCopyBuffer out, Instant value) {
    out.putInt(8);
    out.putLong(Micros.sincePostgresEpoch(value));
  }
}
