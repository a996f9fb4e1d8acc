package io.progressrelay.adapter.out.memory;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins appended deliveries to their events into the rows {@link InMemoryDeliveryHistory} keeps,
 * with the rules and the precision of the PostgreSQL table.
 */
final class HistoryRows {
  private HistoryRows() {}

  /**
   * One row per delivery, in order; events without deliveries leave no row.
   *
   * @throws IllegalArgumentException for a delivery without its event, or whose user id is missing
   *     although the outcome is not no_subscribers (or the reverse)
   */
  static List<DeliveryView> joined(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    Map<String, EventRecord> byId = new HashMap<>();
    for (EventRecord event : events) {
      byId.put(event.eventId(), stored(event));
    }
    List<DeliveryView> rows = new ArrayList<>(deliveries.size());
    for (DeliveryRecord delivery : deliveries) {
      EventRecord event = byId.get(delivery.eventId());
      if (event == null) {
        throw new IllegalArgumentException(
            "delivery of event '" + delivery.eventId() + "' comes without its event");
      }
      if (delivery.userId().isEmpty() != (delivery.outcome() == DeliveryOutcome.NO_SUBSCRIBERS)) {
        throw new IllegalArgumentException(
            "delivery of event '"
                + delivery.eventId()
                + "': 'userId' must be empty exactly when the outcome is no_subscribers");
      }
      rows.add(new DeliveryView(event, stored(delivery, event)));
    }
    return rows;
  }

  private static EventRecord stored(EventRecord event) {
    return new EventRecord(
        event.eventId(),
        event.channel(),
        event.action(),
        event.uploadId(),
        event.batchId(),
        event.sizeBytes(),
        InMemoryDeliveryHistory.micros(event.receivedAt()),
        event.instanceId());
  }

  /**
   * The delivery as the table gives it back: receipt time and instance are the event's, times in
   * microseconds.
   */
  private static DeliveryRecord stored(DeliveryRecord delivery, EventRecord event) {
    return new DeliveryRecord(
        delivery.eventId(),
        delivery.userId(),
        delivery.outcome(),
        delivery.connections(),
        event.receivedAt(),
        delivery.firstWrittenAt().map(InMemoryDeliveryHistory::micros),
        delivery.latencyMicros(),
        event.instanceId(),
        delivery
            .run()
            .map(
                run ->
                    new DeliveryRun(
                        run.count(),
                        run.firstEventId(),
                        InMemoryDeliveryHistory.micros(run.firstReceivedAt()))));
  }
}
