package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL behind {@link PostgresDeliveryHistory}. Pages are newest first by (received_at, event_id,
 * recipient) descending, recipient being the user id or '' for no_subscribers; {@code user_id DESC
 * NULLS LAST} is that order, and the indexes of V2 are built in it.
 */
@RegisterConstructorMapper(HistoryRow.class)
@RegisterConstructorMapper(OutcomeCountRow.class)
@RegisterConstructorMapper(GapRow.class)
interface DeliveryHistoryDao {
  /** Inserts one row per array index; the arrays are parallel, one element per row. */
  @SqlUpdate(
      """
      INSERT INTO delivery_history (
          event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id,
          user_id, outcome, connections, first_written_at, latency_micros)
      SELECT * FROM unnest(
          CAST(:eventIds AS text[]), CAST(:channels AS text[]), CAST(:actions AS text[]),
          CAST(:uploadIds AS text[]), CAST(:batchIds AS text[]), CAST(:sizes AS integer[]),
          CAST(:receivedAts AS timestamptz[]), CAST(:instanceIds AS text[]),
          CAST(:userIds AS text[]), CAST(:outcomes AS text[]), CAST(:connections AS integer[]),
          CAST(:firstWrittenAts AS timestamptz[]), CAST(:latencies AS bigint[]))
      """)
  void insertAll(
      String[] eventIds,
      String[] channels,
      String[] actions,
      String[] uploadIds,
      String[] batchIds,
      Integer[] sizes,
      String[] receivedAts,
      String[] instanceIds,
      String[] userIds,
      String[] outcomes,
      Integer[] connections,
      String[] firstWrittenAts,
      Long[] latencies);

  /**
   * A page, newest first. {@code filters} is made of fixed fragments only (see {@link
   * DeliveryFilters}); bindings it does not use are ignored.
   */
  @SqlQuery(
      """
      SELECT event_id, channel, action, upload_id, batch_id, size_bytes, received_at, instance_id,
             user_id, outcome, connections, first_written_at, latency_micros
        FROM delivery_history
       WHERE true <filters>
       ORDER BY received_at DESC, event_id DESC, user_id DESC NULLS LAST
       LIMIT :limit
      """)
  @AllowUnusedBindings
  List<HistoryRow> search(
      @Define("filters") String filters,
      String uploadId,
      String userId,
      String action,
      String outcome,
      Instant since,
      Instant until,
      Instant afterReceivedAt,
      String afterEventId,
      String afterRecipient,
      int limit);

  /** Per bucket and outcome: the count, and for delivered rows the latency percentiles. */
  @SqlQuery(
      """
      SELECT date_trunc(:unit, received_at, 'UTC') AS bucket_start,
             outcome,
             count(*) AS count,
             round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_micros)
                        FILTER (WHERE outcome = 'delivered') AS numeric)) AS p50_micros,
             round(CAST(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_micros)
                        FILTER (WHERE outcome = 'delivered') AS numeric)) AS p99_micros
        FROM delivery_history
       WHERE received_at >= :since AND received_at < :until
       GROUP BY 1, 2
       ORDER BY 1, 2
      """)
  List<OutcomeCountRow> countOutcomes(String unit, Instant since, Instant until);

  /**
   * Every row of the upload's first {@code limit} events, in received order, "" recipient first.
   */
  @SqlQuery(
      """
      WITH first_events AS (
          SELECT DISTINCT received_at, event_id
            FROM delivery_history
           WHERE upload_id = :uploadId
           ORDER BY received_at, event_id
           LIMIT :limit)
      SELECT h.event_id, h.channel, h.action, h.upload_id, h.batch_id, h.size_bytes,
             h.received_at, h.instance_id, h.user_id, h.outcome, h.connections,
             h.first_written_at, h.latency_micros
        FROM delivery_history h
        JOIN first_events e ON e.received_at = h.received_at AND e.event_id = h.event_id
       WHERE h.upload_id = :uploadId
       ORDER BY h.received_at, h.event_id, h.user_id NULLS FIRST
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
  @SqlQuery("SELECT true FROM pg_advisory_xact_lock(hashtextextended('delivery_history', 0))")
  boolean lockPartitions();

  /** The names of the partitions of delivery_history. */
  @SqlQuery(
      """
      SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = CAST('delivery_history' AS regclass)
       ORDER BY c.relname
      """)
  List<String> partitionNames();

  /**
   * DDL takes no bind parameters: the name and the quoted bound literals come from {@link
   * DailyPartitions}, never from input.
   */
  @SqlUpdate(
      """
      CREATE TABLE IF NOT EXISTS <name> PARTITION OF delivery_history
          FOR VALUES FROM (<from>) TO (<to>)
      """)
  void createPartition(
      @Define("name") String name, @Define("from") String from, @Define("to") String to);

  @SqlUpdate("DROP TABLE IF EXISTS <name>")
  void dropPartition(@Define("name") String name);
}
