package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.history.DeliveryCursor;
import java.time.Instant;
import java.util.Optional;

/**
 * The values a deliveries page binds, from a query: its filters (null when absent, and then left
 * out of the SQL by {@link DeliveryFilters}), the cursor's position, and one row more than the page
 * asks for, which tells whether a next page exists.
 */
public record SearchBindings(
    String uploadId,
    String userId,
    String action,
    Integer outcome,
    Instant since,
    Instant until,
    Instant afterReceivedAt,
    String afterEventId,
    String afterRecipient,
    int limit) {

  static SearchBindings of(DeliveryQuery query) {
    Optional<DeliveryCursor> after = query.after();
    return new SearchBindings(
        query.uploadId().orElse(null),
        query.userId().orElse(null),
        query.action().orElse(null),
        query.outcome().map(outcome -> (int) OutcomeCodes.codeOf(outcome)).orElse(null),
        query.since().orElse(null),
        query.until().orElse(null),
        after.map(DeliveryCursor::receivedAt).orElse(null),
        after.map(DeliveryCursor::eventId).orElse(null),
        after.map(DeliveryCursor::recipient).orElse(null),
        query.limit() + 1);
  }
}
