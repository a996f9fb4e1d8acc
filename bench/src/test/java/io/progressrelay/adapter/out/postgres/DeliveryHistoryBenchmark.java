package io.progressrelay.adapter.out.postgres;

import static io.progressrelay.application.port.out.contract.HistoryTestData.delivered;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The measurements behind docs/history.md: COPY against a batched INSERT, and the admin queries
 * (with their plans) on a large table. In the bench module and run only when named (surefire's
 * default includes skip names ending in Benchmark); results go to target/history-benchmark.txt. The
 * adapter's package, for its package-private appenders, DAO and test fixtures.
 */
final class DeliveryHistoryBenchmark {
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final int APPEND_ROWS = 200_000;
  private static final int RECIPIENTS_PER_EVENT = 4;
  private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

  private static MigratedDatabase database;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(DeliveryHistoryBenchmark.class);
  }

  @AfterAll
  static void dropDatabase() throws IOException {
    database.close();
    Path target = Path.of("target", "history-benchmark.txt");
    Files.writeString(target, String.join("\n", report) + "\n");
  }

  private static void say(String line) {
    System.out.println(line);
    report.add(line);
  }

  @Test
  void copyAgainstBatchedInsert() {
    Jdbi jdbi = database.jdbi();
    for (int warmUp = 0; warmUp < 2; warmUp++) {
      appendAll(jdbi, new CopyHistoryAppender(), 20_000, 1_000);
      appendAll(jdbi, new InsertHistoryAppender(), 20_000, 1_000);
    }
    for (int batch : new int[] {1_000, 5_000}) {
      double[] copy = new double[3];
      double[] insert = new double[3];
      for (int run = 0; run < 3; run++) {
        copy[run] = appendAll(jdbi, new CopyHistoryAppender(), APPEND_ROWS, batch);
        insert[run] = appendAll(jdbi, new InsertHistoryAppender(), APPEND_ROWS, batch);
      }
      say(
          String.format(
              Locale.ROOT,
              "append %,d deliveries in batches of %,d: COPY %s deliveries/s, INSERT %s deliveries/s,"
                  + " median ratio COPY/INSERT %.2f",
              APPEND_ROWS,
              batch,
              Arrays.toString(rounded(copy)),
              Arrays.toString(rounded(insert)),
              median(copy) / median(insert)));
    }
  }

  /** Appends {@code rows} rows into an emptied table in one day; returns rows per second. */
  private static double appendAll(Jdbi jdbi, HistoryAppender appender, int rows, int batch) {
    HistoryTables.empty(jdbi);
    var history = new PostgresDeliveryHistory(jdbi, appender);
    history.maintainRetention(DAY, 0, Instant.EPOCH);
    List<List<EventRecord>> events = new ArrayList<>();
    List<List<DeliveryRecord>> deliveries = new ArrayList<>();
    for (int start = 0; start < rows; start += batch) {
      List<EventRecord> batchEvents = new ArrayList<>();
      List<DeliveryRecord> batchDeliveries = new ArrayList<>();
      for (int row = start; row < start + batch; row += RECIPIENTS_PER_EVENT) {
        EventRecord event = event(row / RECIPIENTS_PER_EVENT, rows);
        batchEvents.add(event);
        for (int r = 0; r < RECIPIENTS_PER_EVENT; r++) {
          batchDeliveries.add(delivered(event, "user-" + (row + r) % 5000, 150 + row % 900));
        }
      }
      events.add(batchEvents);
      deliveries.add(batchDeliveries);
    }
    long started = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      history.append(events.get(i), deliveries.get(i));
    }
    return rows / ((System.nanoTime() - started) / 1e9);
  }

  private static EventRecord event(int n, int rows) {
    Instant at = DAY.plusMillis((long) n * 86_000_000L / (rows / RECIPIENTS_PER_EVENT));
    String upload = "upload-" + n % 10_000;
    return new EventRecord(
        String.format("ev-%010d", n),
        "upload:" + upload,
        "upload_progress",
        Optional.of(upload),
        Optional.empty(),
        180,
        at,
        "relay-1");
  }

  @Test
  void uploadAndUserQueriesOnAWeekOfHistory() {
    long rows = Long.getLong("history.benchmark.rows", 10_000_000L);
    Jdbi jdbi = database.jdbi();
    HistoryTables.empty(jdbi);
    new PostgresDeliveryHistory(jdbi).maintainRetention(DAY, 6, Instant.EPOCH);
    long started = System.nanoTime();
    jdbi.useHandle(handle -> load(handle.getJdbi(), rows));
    say(
        String.format(
            Locale.ROOT,
            "loaded %,d deliveries (%,d event rows) over 7 days (generate_series, indexes rebuilt"
                + " after) in %.1f s",
            rows,
            rows / RECIPIENTS_PER_EVENT,
            (System.nanoTime() - started) / 1e9));
    String from =
        DeliveryHistoryDao.ITEM_COLUMNS + " FROM delivery_events e " + DeliveryHistoryDao.ITEMS;
    String order =
        " ORDER BY e.received_at DESC, e.event_id DESC, d.user_id DESC NULLS LAST LIMIT 51";
    measure(jdbi, "one upload, newest 50", from + " WHERE e.upload_id = 'upload-4242'" + order);
    measure(jdbi, "one user, newest 50", userPage("user-4242", ""));
    measure(
        jdbi,
        "one user, page after a cursor 3 days back",
        userPage(
            "user-4242",
            " AND (e.received_at, e.event_id) < ('2026-11-24 00:00:00+00', 'e-999999999')"));
    measure(jdbi, "everything, newest 50", from + order);
    measure(
        jdbi,
        "one outcome (no_connection), newest 50",
        from + " WHERE e.outcomes @> ARRAY[CAST(5 AS smallint)] AND d.outcome = 5" + order);
    measure(
        jdbi,
        "timeline of one upload, 100 events",
        """
        WITH first_events AS (
            SELECT DISTINCT received_at, event_id FROM delivery_events
             WHERE upload_id = 'upload-4242' ORDER BY received_at, event_id LIMIT 100)
        """
            + DeliveryHistoryDao.ITEM_COLUMNS
            + " FROM first_events f JOIN delivery_events e"
            + " ON e.received_at = f.received_at AND e.event_id = f.event_id "
            + DeliveryHistoryDao.ITEMS
            + " WHERE e.upload_id = 'upload-4242'"
            + " ORDER BY e.received_at, e.event_id, d.user_id NULLS FIRST");
    measure(
        jdbi,
        "stats, one hour in minutes",
        """
        SELECT date_trunc('minute', e.received_at, 'UTC'), d.outcome, sum(coalesce(d.run_count, 1)),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY d.latency_micros)
                 FILTER (WHERE d.outcome = 0),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY d.latency_micros)
                 FILTER (WHERE d.outcome = 0)
          FROM delivery_events e
         CROSS JOIN LATERAL unnest(e.outcomes, e.latency_micros, e.run_counts)
               AS d(outcome, latency_micros, run_count)
         WHERE e.received_at >= '2026-11-23 12:00:00+00' AND e.received_at < '2026-11-23 13:00:00+00'
         GROUP BY 1, 2
        """);
  }

  /** {@link DeliveryHistoryDao#searchUser}'s SQL for {@code user}, newest 50 (+1), literal. */
  static String userPage(String user, String rowConditions) {
    return DeliveryHistoryDao.ITEM_COLUMNS
        + " FROM (SELECT * FROM delivery_events e WHERE e.user_ids @> ARRAY[CAST('"
        + user
        + "' AS text)]"
        + rowConditions
        + " ORDER BY e.received_at DESC, e.event_id DESC LIMIT 51) e "
        + DeliveryHistoryDao.ITEMS
        + " WHERE d.user_id = '"
        + user
        + "' ORDER BY e.received_at DESC, e.event_id DESC";
  }

  /**
   * 4 recipients per event, events evenly over 7 days, 100,000 uploads and 50,000 users: each
   * upload has rows/100,000 deliveries and each user rows/50,000. Indexes are dropped during the
   * load and built again after, with the migration's own definitions.
   */
  private static void load(Jdbi jdbi, long rows) {
    List<String> indexes =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename ="
                            + " 'delivery_events'")
                    .map((rs, ctx) -> rs.getString(1) + "\t" + rs.getString(2))
                    .list());
    jdbi.useHandle(
        h -> {
          h.execute("SET maintenance_work_mem = '512MB'");
          h.execute("SET synchronous_commit = off");
          for (String index : indexes) {
            h.execute("DROP INDEX " + index.split("\t")[0]);
          }
          h.execute(
              """
              INSERT INTO delivery_events (
                  event_id, channel, action, upload_id, batch_id, size_bytes, received_at,
                  instance_id, user_ids, outcomes, connections, first_written_micros,
                  latency_micros)
              SELECT 'e-' || lpad(g::text, 9, '0'),
                     'upload:upload-' || g % 100000,
                     CASE WHEN g % 25 = 24 THEN 'upload_completed' ELSE 'upload_progress' END,
                     'upload-' || g % 100000,
                     NULL,
                     200,
                     timestamptz '2026-11-20 00:00:00+00' + g * (interval '7 days' / (? + 1)),
                     'relay-' || g % 3,
                     ARRAY(SELECT 'user-' || (g * 7 + r) % 50000 FROM generate_series(3, 0, -1) r),
                     ARRAY(SELECT CAST(CASE WHEN (g * 4 + r) % 20 = 0 THEN 1
                                            WHEN (g * 4 + r) % 50 = 1 THEN 5 ELSE 0 END AS smallint)
                             FROM generate_series(3, 0, -1) r),
                     ARRAY[1, 1, 1, 1],
                     ARRAY(SELECT CASE WHEN (g * 4 + r) % 20 = 0 OR (g * 4 + r) % 50 = 1 THEN NULL
                                       ELSE 100 + (g * 4 + r) * 37 % 5000 END
                             FROM generate_series(3, 0, -1) r),
                     ARRAY(SELECT CASE WHEN (g * 4 + r) % 20 = 0 OR (g * 4 + r) % 50 = 1 THEN NULL
                                       ELSE 100 + (g * 4 + r) * 37 % 5000 END
                             FROM generate_series(3, 0, -1) r)
                FROM generate_series(0, ? - 1) AS g
              """,
              rows / RECIPIENTS_PER_EVENT, rows / RECIPIENTS_PER_EVENT);
          for (String index : indexes) {
            // pg_indexes shows a partitioned index as "ON ONLY parent", which would not recurse.
            h.execute(index.split("\t")[1].replace(" ON ONLY ", " ON "));
          }
          h.execute("ANALYZE delivery_events");
        });
  }

  private static void measure(Jdbi jdbi, String what, String sql) {
    double[] times = new double[7];
    String plan = "";
    for (int run = 0; run < times.length; run++) {
      List<String> lines =
          jdbi.withHandle(
              h -> h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql).mapTo(String.class).list());
      plan = String.join("\n", lines);
      Matcher matcher = EXECUTION_TIME.matcher(plan);
      if (!matcher.find()) {
        throw new IllegalStateException("no execution time in " + plan);
      }
      times[run] = Double.parseDouble(matcher.group(1));
    }
    say(
        String.format(
            Locale.ROOT,
            "%s: median %.3f ms (runs %s)",
            what,
            median(times),
            Arrays.toString(times)));
    say(plan.lines().limit(12).map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n"));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long[] rounded(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }
}
