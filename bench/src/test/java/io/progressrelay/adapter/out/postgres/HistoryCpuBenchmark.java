package io.progressrelay.adapter.out.postgres;

import static io.progressrelay.application.port.out.contract.HistoryTestData.delivered;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's CPU and WAL per recorded delivery, V2's one row per recipient against V4's one row
 * per event: the server's own backend CPU ({@code /proc/<pg_backend_pid()>/stat}, user + system)
 * and {@code pg_current_wal_insert_lsn()} before and after appending, on a cluster of the
 * benchmark's own (no other client's work in the figures). In the bench module and run only when
 * named; results go to target/history-cpu-benchmark.txt. The adapter's package, for its
 * package-private appenders and test fixtures.
 */
final class HistoryCpuBenchmark {
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final int DELIVERIES = Integer.getInteger("history.benchmark.deliveries", 400_000);
  private static final int BATCH = 1_000; // the history writer's batch size
  private static final long TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

  private final List<String> report = new ArrayList<>();
  private int eventSequence;

  /** How one batch reaches the table, on one connection, in its own transaction. */
  private interface Storage {
    void append(Handle handle, List<EventRecord> events, List<DeliveryRecord> deliveries)
        throws SQLException;
  }

  @Test
  void postgresCpuAndWalPerDelivery() throws Exception {
    try (ThrowawayPostgres cluster = ThrowawayPostgres.start();
        TestDatabase database = cluster.newDatabase("HistoryCpuBenchmark");
        PostgresDatabase postgres = PostgresDatabase.open(database.settings())) {
      postgres.migrate();
      Jdbi jdbi = postgres.jdbi();
      new PostgresDeliveryHistory(jdbi).maintainRetention(DAY, 0, Instant.EPOCH);
      jdbi.useHandle(h -> V2HistoryRows.createTable(h, "2026-11-20", "2026-11-21"));
      Storage v2 =
          (handle, events, deliveries) -> {
            Map<String, EventRecord> byId = new LinkedHashMap<>();
            events.forEach(e -> byId.put(e.eventId(), e));
            V2HistoryRows.append(handle, byId, deliveries);
          };
      Storage v4 =
          (handle, events, deliveries) ->
              new CopyHistoryAppender().append(handle, EventRow.grouped(events, deliveries));
      try (Handle handle = jdbi.open()) {
        long pid = handle.select("SELECT pg_backend_pid()").mapTo(Long.class).one();
        for (int recipients : new int[] {1_000, 1}) {
          String shape = recipients == 1 ? "1:1 events" : "broadcast 1 -> 1,000";
          measure(handle, pid, "V2 rows per recipient, " + shape, v2, recipients);
          measure(handle, pid, "V4 rows per event,     " + shape, v4, recipients);
        }
        byUserPage(handle);
        handle.execute("DROP INDEX delivery_events_by_user");
        measure(handle, pid, "V4 without the GIN index, broadcast 1 -> 1,000", v4, 1_000);
        measure(handle, pid, "V4 without the GIN index, 1:1 events", v4, 1);
        handle.execute("ANALYZE");
        report.add(
            "table sizes: "
                + handle
                    .select(
                        "SELECT string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(c.oid)), ', ' ORDER BY relname)"
                            + " FROM pg_class c WHERE relname IN ('delivery_history_v2day', 'delivery_events_20261120')")
                    .mapTo(String.class)
                    .one());
      }
    } finally {
      report.forEach(System.out::println);
      Files.writeString(
          Path.of("target", "history-cpu-benchmark.txt"), String.join("\n", report) + "\n");
    }
  }

  private void measure(Handle handle, long pid, String what, Storage storage, int recipients)
      throws Exception {
    List<List<EventRecord>> events = new ArrayList<>();
    List<List<DeliveryRecord>> deliveries = new ArrayList<>();
    int batches = DELIVERIES / BATCH;
    for (int b = 0; b < batches + 20; b++) {
      List<EventRecord> batchEvents = new ArrayList<>();
      List<DeliveryRecord> batchDeliveries = new ArrayList<>();
      while (batchDeliveries.size() < BATCH) {
        EventRecord event = event(eventSequence++);
        batchEvents.add(event);
        for (int r = 0; r < recipients; r++) {
          batchDeliveries.add(
              delivered(
                  event, "user-" + (r + eventSequence % 7 * recipients % 5_000), 150 + r % 900));
        }
      }
      events.add(batchEvents);
      deliveries.add(batchDeliveries);
    }
    for (int b = 0; b < 20; b++) { // warm-up: plans, caches, the partition's first pages
      appendOne(handle, storage, events.get(b), deliveries.get(b));
    }
    long cpuBefore = cpuTicks(pid);
    String walBefore = wal(handle);
    long started = System.nanoTime();
    long written = 0;
    for (int b = 20; b < events.size(); b++) {
      appendOne(handle, storage, events.get(b), deliveries.get(b));
      written += deliveries.get(b).size();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuMicros = (cpuTicks(pid) - cpuBefore) * 1e6 / TICKS_PER_SECOND;
    long walBytes =
        handle
            .select(
                "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), CAST(? AS pg_lsn))", walBefore)
            .mapTo(Long.class)
            .one();
    report.add(
        String.format(
            Locale.ROOT,
            "%s: %,d deliveries in %.1f s; PostgreSQL backend CPU %.2f us/delivery, WAL %.0f bytes/delivery",
            what,
            written,
            seconds,
            cpuMicros / written,
            (double) walBytes / written));
  }

  /**
   * The newest page of a user who received many of the broadcasts so far: the GIN index finds the
   * rows, but each row's 1,000-recipient arrays are read to find the user's element.
   */
  private void byUserPage(Handle handle) {
    handle.execute("ANALYZE delivery_events");
    String sql = "EXPLAIN (ANALYZE) " + DeliveryHistoryBenchmark.userPage("user-500", "");
    List<String> plan = handle.select(sql).mapTo(String.class).list();
    long rows =
        handle
            .select(
                "SELECT count(*) FROM delivery_events"
                    + " WHERE user_ids @> ARRAY[CAST('user-500' AS text)]")
            .mapTo(Long.class)
            .one();
    report.add(
        String.format(
            Locale.ROOT,
            "by-user page of a user in %,d broadcast rows: %s",
            rows,
            plan.get(plan.size() - 1).trim()));
  }

  private static void appendOne(
      Handle handle, Storage storage, List<EventRecord> events, List<DeliveryRecord> deliveries)
      throws SQLException {
    handle.begin();
    storage.append(handle, events, deliveries);
    handle.commit();
  }

  private static String wal(Handle handle) {
    return handle
        .select("SELECT CAST(pg_current_wal_insert_lsn() AS text)")
        .mapTo(String.class)
        .one();
  }

  /** utime + stime of the process, fields 14 and 15 of /proc/<pid>/stat, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static EventRecord event(int n) {
    Instant at = DAY.plusMillis(1_000L + n);
    String upload = "upload-" + n % 10_000;
    return new EventRecord(
        String.format("relay-1:%08d", n),
        "upload:" + upload,
        "upload_progress",
        Optional.of(upload),
        Optional.empty(),
        180,
        at,
        "relay-1");
  }
}
