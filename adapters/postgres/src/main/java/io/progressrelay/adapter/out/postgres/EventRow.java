package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code delivery_events} as it is written: an event and the outcomes of its recipients
 * in one batch, in page order (user id descending, the recipient-less no_subscribers outcome last).
 */
record EventRow(EventRecord event, List<DeliveryRecord> deliveries) {
  private static final Comparator<DeliveryRecord> PAGE_ORDER =
      Comparator.comparing((DeliveryRecord d) -> d.userId().orElse("")).reversed();

  /**
   * Groups each delivery under its event, events in the order of their first delivery. Events
   * without any delivery leave no row: history records outcomes, and such an event has none yet.
   *
   * @throws IllegalArgumentException for a delivery of an event not in {@code events}, one whose
   *     user id is missing although the outcome is not no_subscribers (or the reverse), or a
   *     recipient named twice for one event
   */
  static List<EventRow> grouped(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    Map<String, EventRecord> byId = new HashMap<>();
    for (EventRecord event : events) {
      byId.put(event.eventId(), event);
    }
    Map<String, List<DeliveryRecord>> byEvent = new LinkedHashMap<>();
    for (DeliveryRecord delivery : deliveries) {
      if (!byId.containsKey(delivery.eventId())) {
        throw new IllegalArgumentException(
            "delivery of event '" + delivery.eventId() + "' comes without its event");
      }
      if (delivery.userId().isEmpty() != (delivery.outcome() == DeliveryOutcome.NO_SUBSCRIBERS)) {
        throw new IllegalArgumentException(
            "delivery of event '"
                + delivery.eventId()
                + "': 'userId' must be empty exactly when the outcome is no_subscribers");
      }
      byEvent.computeIfAbsent(delivery.eventId(), id -> new ArrayList<>()).add(delivery);
    }
    List<EventRow> rows = new ArrayList<>(byEvent.size());
    byEvent.forEach((eventId, outcomes) -> rows.add(of(byId.get(eventId), outcomes)));
    return rows;
  }

  private static EventRow of(EventRecord event, List<DeliveryRecord> outcomes) {
    outcomes.sort(PAGE_ORDER);
    for (int i = 1; i < outcomes.size(); i++) {
      if (outcomes.get(i).userId().equals(outcomes.get(i - 1).userId())) {
        throw new IllegalArgumentException(
            "event '"
                + event.eventId()
                + "' has two outcomes for '"
                + outcomes.get(i).userId().orElse("")
                + "'");
      }
    }
    return new EventRow(event, List.copyOf(outcomes));
  }

  /** Whether any outcome of the row stands for a run of frames (the run columns are not NULL). */
  boolean hasRuns() {
    for (DeliveryRecord delivery : deliveries) {
      if (delivery.run().isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** When the delivery's first write completed, in microseconds after the event's receipt. */
  Long firstWrittenMicros(DeliveryRecord delivery) {
    return delivery.firstWrittenAt().map(at -> Micros.between(event.receivedAt(), at)).orElse(null);
  }
}
