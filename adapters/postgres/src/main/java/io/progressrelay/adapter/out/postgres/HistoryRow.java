package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.history.DeliveryCursor;
import io.progressrelay.application.port.out.history.DeliveryRecord;
import io.progressrelay.application.port.out.history.DeliveryView;
import io.progressrelay.application.port.out.history.EventRecord;
import io.progressrelay.domain.DeliveryOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One row of {@code delivery_history}: an event's columns and one recipient's outcome. */
record HistoryRow(
    String eventId,
    String channel,
    String action,
    String uploadId,
    String batchId,
    int sizeBytes,
    Instant receivedAt,
    String instanceId,
    String userId,
    String outcome,
    int connections,
    Instant firstWrittenAt,
    Long latencyMicros) {

  /**
   * Joins each delivery to its event, in the order of {@code deliveries}. Events without any
   * delivery leave no row: history records outcomes, and such an event has none yet.
   *
   * @throws IllegalArgumentException for a delivery of an event not in {@code events}, or whose
   *     user id is missing although the outcome is not no_subscribers (or the reverse)
   */
  static List<HistoryRow> joined(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    Map<String, EventRecord> byId = new HashMap<>();
    for (EventRecord event : events) {
      byId.put(event.eventId(), event);
    }
    List<HistoryRow> rows = new ArrayList<>(deliveries.size());
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
      rows.add(of(event, delivery));
    }
    return rows;
  }

  private static HistoryRow of(EventRecord event, DeliveryRecord delivery) {
    return new HistoryRow(
        event.eventId(),
        event.channel(),
        event.action(),
        event.uploadId().orElse(null),
        event.batchId().orElse(null),
        event.sizeBytes(),
        event.receivedAt(),
        event.instanceId(),
        delivery.userId().orElse(null),
        delivery.outcome().code(),
        delivery.connections(),
        delivery.firstWrittenAt().orElse(null),
        delivery.latencyMicros().isPresent() ? delivery.latencyMicros().getAsLong() : null);
  }

  EventRecord event() {
    return new EventRecord(
        eventId,
        channel,
        action,
        Optional.ofNullable(uploadId),
        Optional.ofNullable(batchId),
        sizeBytes,
        receivedAt,
        instanceId);
  }

  DeliveryRecord delivery() {
    return new DeliveryRecord(
        eventId,
        Optional.ofNullable(userId),
        DeliveryOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)),
        connections,
        receivedAt,
        Optional.ofNullable(firstWrittenAt),
        latencyMicros == null ? OptionalLong.empty() : OptionalLong.of(latencyMicros),
        instanceId);
  }

  DeliveryView view() {
    return new DeliveryView(event(), delivery());
  }

  /** The position of this row in the newest-first order; the recipient is "" for no_subscribers. */
  DeliveryCursor cursor() {
    return new DeliveryCursor(receivedAt, eventId, userId == null ? "" : userId);
  }
}
