package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.history.DeliveryQuery;

/**
 * Turns a {@link DeliveryQuery} into the WHERE fragments of {@link DeliveryHistoryDao#search}: only
 * fixed text with named parameters, so no input ever becomes SQL. Leaving absent filters out
 * (rather than writing {@code :x IS NULL OR ...}) lets the planner pick the index of the filters
 * present.
 */
final class DeliveryFilters {
  /**
   * Strictly after the cursor in newest-first order. The first condition is a plain range on the
   * indexes' (received_at, event_id) columns; the second only sorts out the rows of the cursor's
   * own event, by recipient ('' for the no_subscribers row).
   */
  private static final String AFTER_CURSOR =
      """
      AND (received_at, event_id) <= (:afterReceivedAt, :afterEventId)
      AND ((received_at, event_id) < (:afterReceivedAt, :afterEventId)
           OR coalesce(user_id, '') < :afterRecipient)
      """;

  private DeliveryFilters() {}

  static String of(DeliveryQuery query) {
    var sql = new StringBuilder();
    query.uploadId().ifPresent(id -> sql.append(" AND upload_id = :uploadId"));
    query.userId().ifPresent(id -> sql.append(" AND user_id = :userId"));
    query.action().ifPresent(action -> sql.append(" AND action = :action"));
    query.outcome().ifPresent(outcome -> sql.append(" AND outcome = :outcome"));
    query.since().ifPresent(since -> sql.append(" AND received_at >= :since"));
    query.until().ifPresent(until -> sql.append(" AND received_at < :until"));
    query.after().ifPresent(cursor -> sql.append(' ').append(AFTER_CURSOR));
    return sql.toString();
  }
}
