package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL behind {@link PostgresDeliveryHistory}. A row of {@code delivery_events} is an event with
 * its recipients' outcomes in parallel arrays; queries unnest them into one item per (event,
 * recipient). Pages are newest first by (received_at, event_id, recipient) descending, recipient
 * being the user id or '' for no_subscribers; {@code user_id DESC NULLS LAST} is that order. The
 * indexes of V4 return event rows in (received_at, event_id) order, and only the recipients of one
 * event are sorted on top.
 */
@RegisterConstructorMapper(HistoryRow.class)
@RegisterConstructorMapper(OutcomeCountRow.class)
@RegisterConstructorMapper(GapRow.class)
interface DeliveryHistoryDao {
  /** The columns of a {@link HistoryRow}: the event's, and one recipient's array elements. */
  String ITEM_COLUMNS =
      """
      SELECT e.event_id, e.channel, e.action, e.upload_id, e.batch_id, e.size_bytes,
             e.received_at, e.instance_id, d.user_id, d.outcome, d.connections,
             d.first_written_micros, d.latency_micros, d.run_count, d.run_first_event_id,
             d.run_first_received_at
      """;

  /**
   * Every recipient of the event row {@code e} as a row {@code d}: unnest of several arrays walks
   * them in step (the run arrays, NULL when the row holds no run, yield NULLs).
   */
  String ITEMS =
      """
      CROSS JOIN LATERAL unnest(e.user_ids, e.outcomes, e.connections, e.first_written_micros,
                                e.latency_micros, e.run_counts, e.run_first_event_ids,
                                e.run_first_received_at)
              AS d(user_id, outcome, connections, first_written_micros, latency_micros, run_count,
                   run_first_event_id, run_first_received_at)
      """;

  /**
   * A page, newest first. {@code filters} is made of fixed fragments only (see {@link
   * DeliveryFilters}); bindings it does not use are ignored.
   */
  @SqlQuery(
      ITEM_COLUMNS
          + """
            FROM delivery_events e
          """
          + ITEMS
          + """
           WHERE true <filters>
           ORDER BY e.received_at DESC, e.event_id DESC, d.user_id DESC NULLS LAST
           LIMIT :limit
          """)
  @AllowUnusedBindings
  List<HistoryRow> search(@Define("filters") String filters, @BindMethods SearchBindings bindings);

  /**
   * One user's page, newest first. The user has at most one element per row, so the page's rows are
   * chosen and limited first ({@code filters} from {@link DeliveryFilters#ofUserRows}, on the row
   * alone), and only those rows' arrays are unnested: the GIN index finds the user's rows in no
   * particular order, and unnesting every one of them (1,000 recipients each in a broadcast) before
   * sorting cost far more than sorting the rows.
   */
  @SqlQuery(
      ITEM_COLUMNS
          + """
            FROM (SELECT *
                    FROM delivery_events e
                   WHERE true <filters>
                   ORDER BY e.received_at DESC, e.event_id DESC
                   LIMIT :limit) e
          """
          + ITEMS
          + """
           WHERE d.user_id = :userId
           ORDER BY e.received_at DESC, e.event_id DESC
          """)
  @AllowUnusedBindings
  List<HistoryRow> searchUser(
      @Define("filters") String filters, @BindMethods SearchBindings bindings);

  /**
   * Per bucket and outcome: the frames (a run counts all of its frames), and for delivered ones the
   * latency percentiles.
   */
  @SqlQuery(
      """
      SELECT date_trunc(:unit, e.received_at, 'UTC') AS bucket_start,
             d.outcome,
             sum(coalesce(d.run_count, 1)) AS count,
             round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY d.latency_micros)
                        FILTER (WHERE d.outcome = 0) AS numeric)) AS p50_micros,
             round(CAST(percentile_cont(0.99) WITHIN GROUP (ORDER BY d.latency_micros)
                        FILTER (WHERE d.outcome = 0) AS numeric)) AS p99_micros
        FROM delivery_events e
       CROSS JOIN LATERAL unnest(e.outcomes, e.latency_micros, e.run_counts)
             AS d(outcome, latency_micros, run_count)
       WHERE e.received_at >= :since AND e.received_at < :until
       GROUP BY 1, 2
       ORDER BY 1, 2
      """)
  List<OutcomeCountRow> countOutcomes(String unit, Instant since, Instant until);

  /**
   * Every item of the upload's first {@code limit} events, in received order, "" recipient first.
   */
  @SqlQuery(
      """
      WITH first_events AS (
          SELECT DISTINCT received_at, event_id
            FROM delivery_events
           WHERE upload_id = :uploadId
           ORDER BY received_at, event_id
           LIMIT :limit)
      """
          + ITEM_COLUMNS
          + """
            FROM first_events f
            JOIN delivery_events e ON e.received_at = f.received_at AND e.event_id = f.event_id
          """
          + ITEMS
          + """
           WHERE e.upload_id = :uploadId
           ORDER BY e.received_at, e.event_id, d.user_id NULLS FIRST
          """)
  List<HistoryRow> timeline(String uploadId, int limit);

  @SqlUpdate(
      """
      INSERT INTO history_gaps (instance_id, from_at, to_at, lost_outcomes)
      VALUES (:instanceId, :from, :to, :lostOutcomes)
      """)
  void insertGap(String instanceId, Instant from, Instant to, long lostOutcomes);

  /** Gaps overlapping since..until: they start before its end and end at or after its start. */
  @SqlQuery(
      """
      SELECT instance_id, from_at, to_at, lost_outcomes
        FROM history_gaps
       WHERE from_at < :until AND to_at >= :since
       ORDER BY from_at, instance_id, to_at
      """)
  List<GapRow> gaps(Instant since, Instant until);

  /** Gaps that ended before the oldest history kept: they describe rows that are gone. */
  @SqlUpdate("DELETE FROM history_gaps WHERE to_at < :keepSince")
  int deleteGapsBefore(Instant keepSince);

  /**
   * Serialises partition changes across instances until the transaction ends: two instances
   * creating the same day at once would otherwise collide in the catalog.
   */
  @SqlQuery("SELECT true FROM pg_advisory_xact_lock(hashtextextended('delivery_events', 0))")
  boolean lockPartitions();

  /** The names of the partitions of delivery_events. */
  @SqlQuery(
      """
      SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = CAST('delivery_events' AS regclass)
       ORDER BY c.relname
      """)
  List<String> partitionNames();

  /**
   * DDL takes no bind parameters: the name and the quoted bound literals come from {@link
   * DailyPartitions}, never from input.
   */
  @SqlUpdate(
      """
      CREATE TABLE IF NOT EXISTS <name> PARTITION OF delivery_events
          FOR VALUES FROM (<from>) TO (<to>)
      """)
  void createPartition(
      @Define("name") String name, @Define("from") String from, @Define("to") String to);

  @SqlUpdate("DROP TABLE IF EXISTS <name>")
  void dropPartition(@Define("name") String name);
}
