package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.history.DeliveryQuery;

/**
 * Turns a {@link DeliveryQuery} into the WHERE fragments of {@link DeliveryHistoryDao#search}, over
 * the event row {@code e} and its unnested recipient {@code d}: only fixed text with named
 * parameters, so no input ever becomes SQL. Leaving absent filters out (rather than writing {@code
 * :x IS NULL OR ...}) lets the planner pick the index of the filters present.
 */
final class DeliveryFilters {
  /**
   * Strictly after the cursor in newest-first order. The first condition is a plain range on the
   * indexes' (received_at, event_id) columns; the second only sorts out the items of the cursor's
   * own event, by recipient ('' for the no_subscribers item).
   */
  private static final String AFTER_CURSOR =
      """
      AND (e.received_at, e.event_id) <= (:afterReceivedAt, :afterEventId)
      AND ((e.received_at, e.event_id) < (:afterReceivedAt, :afterEventId)
           OR coalesce(d.user_id, '') < :afterRecipient)
      """;

  /**
   * The event rows naming the user (found through the GIN index on user_ids), then the user's item
   * among their recipients.
   */
  private static final String USER =
      " AND e.user_ids @> ARRAY[CAST(:userId AS text)] AND d.user_id = :userId";

  /** The event rows holding the outcome at all, then the items that have it. */
  private static final String OUTCOME =
      " AND e.outcomes @> ARRAY[CAST(:outcome AS smallint)] AND d.outcome = :outcome";

  /**
   * For one user's pages, on the event row alone: the user is in it, and the row comes strictly
   * after the cursor. A row holds at most one element per user, so with the recipient fixed to the
   * user the cursor's own event is after the cursor only when the user sorts before its recipient.
   */
  private static final String USER_ROW_AFTER_CURSOR =
      """
      AND ((e.received_at, e.event_id) < (:afterReceivedAt, :afterEventId)
           OR ((e.received_at, e.event_id) = (:afterReceivedAt, :afterEventId)
               AND CAST(:userId AS text) COLLATE "C" < CAST(:afterRecipient AS text)))
      """;

  /** The user's own element of the row has the outcome (array_position finds the user's index). */
  private static final String USER_ROW_OUTCOME =
      " AND e.outcomes[array_position(e.user_ids, CAST(:userId AS text))] = :outcome";

  private DeliveryFilters() {}

  /**
   * The WHERE fragments of {@link DeliveryHistoryDao#searchUser}: conditions on the event row only,
   * so that the page's rows are chosen (and limited) before any row's arrays are unnested.
   */
  static String ofUserRows(DeliveryQuery query) {
    var sql = new StringBuilder(" AND e.user_ids @> ARRAY[CAST(:userId AS text)]");
    query.uploadId().ifPresent(id -> sql.append(" AND e.upload_id = :uploadId"));
    query.action().ifPresent(action -> sql.append(" AND e.action = :action"));
    query.outcome().ifPresent(outcome -> sql.append(USER_ROW_OUTCOME));
    query.since().ifPresent(since -> sql.append(" AND e.received_at >= :since"));
    query.until().ifPresent(until -> sql.append(" AND e.received_at < :until"));
    query.after().ifPresent(cursor -> sql.append(' ').append(USER_ROW_AFTER_CURSOR));
    return sql.toString();
  }

  static String of(DeliveryQuery query) {
    var sql = new StringBuilder();
    query.uploadId().ifPresent(id -> sql.append(" AND e.upload_id = :uploadId"));
    query.userId().ifPresent(id -> sql.append(USER));
    query.action().ifPresent(action -> sql.append(" AND e.action = :action"));
    query.outcome().ifPresent(outcome -> sql.append(OUTCOME));
    query.since().ifPresent(since -> sql.append(" AND e.received_at >= :since"));
    query.until().ifPresent(until -> sql.append(" AND e.received_at < :until"));
    query.after().ifPresent(cursor -> sql.append(' ').append(AFTER_CURSOR));
    return sql.toString();
  }
}
