package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Appends with one prepared {@code INSERT} executed as a JDBC batch, one set of parameters per
 * event row, each recipient column bound as one array.
 */
final class InsertHistoryAppender implements HistoryAppender {
  private static final String INSERT =
      """
      INSERT INTO delivery_events (
          event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id,
          user_ids, outcomes, connections, first_written_micros, latency_micros, run_counts,
          run_first_event_ids, run_first_received_at)
      VALUES (:eventId, :channel, :action, :uploadId, :batchId, :sizeBytes,
              CAST(:receivedAt AS timestamptz), :instanceId, CAST(:userIds AS text[]),
              CAST(:outcomes AS smallint[]), CAST(:connections AS integer[]),
              CAST(:firstWritten AS bigint[]), CAST(:latencies AS bigint[]),
              CAST(:runCounts AS integer[]), CAST(:runFirstEventIds AS text[]),
              CAST(:runFirstReceivedAts AS timestamptz[]))
      """;

  @Override
  public void append(Handle handle, List<EventRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(INSERT);
    for (EventRow row : rows) {
      var event = row.event();
      List<DeliveryRecord> deliveries = row.deliveries();
      boolean runs = row.hasRuns();
      batch
          .bind("eventId", event.eventId())
          .bind("channel", event.channel())
          .bind("action", event.action())
          .bind("uploadId", event.uploadId().orElse(null))
          .bind("batchId", event.batchId().orElse(null))
          .bind("sizeBytes", event.sizeBytes())
          .bind("receivedAt", event.receivedAt().toString())
          .bind("instanceId", event.instanceId())
          .bind("userIds", each(deliveries, String[]::new, d -> d.userId().orElse(null)))
          .bind(
              "outcomes",
              each(deliveries, Integer[]::new, d -> (int) OutcomeCodes.codeOf(d.outcome())))
          .bind("connections", each(deliveries, Integer[]::new, DeliveryRecord::connections))
          .bind("firstWritten", each(deliveries, Long[]::new, row::firstWrittenMicros))
          .bind(
              "latencies",
              each(
                  deliveries,
                  Long[]::new,
                  d -> d.latencyMicros().isPresent() ? d.latencyMicros().getAsLong() : null))
          .bind(
              "runCounts",
              runs ? each(deliveries, Integer[]::new, d -> run(d, DeliveryRun::count)) : null)
          .bind(
              "runFirstEventIds",
              runs ? each(deliveries, String[]::new, d -> run(d, DeliveryRun::firstEventId)) : null)
          .bind(
              "runFirstReceivedAts",
              runs
                  ? each(
                      deliveries, String[]::new, d -> run(d, r -> r.firstReceivedAt().toString()))
                  : null)
          .add();
    }
    batch.execute();
  }

  private static <T> T run(DeliveryRecord delivery, Function<DeliveryRun, T> part) {
    return delivery.run().map(part).orElse(null);
  }

  private static <T> T[] each(
      List<DeliveryRecord> deliveries,
      IntFunction<T[]> newArray,
      Function<DeliveryRecord, T> element) {
    T[] values = newArray.apply(deliveries.size());
    for (int i = 0; i < values.length; i++) {
      values[i] = element.apply(deliveries.get(i));
    }
    return values;
  }
}
