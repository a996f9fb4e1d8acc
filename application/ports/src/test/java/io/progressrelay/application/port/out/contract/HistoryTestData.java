package io.progressrelay.application.port.out.contract;

import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;

/** Builders of history records for the contract: an event, then its outcomes per recipient. */
public final class HistoryTestData {
  static final String INSTANCE = "relay-1";

  private HistoryTestData() {}

  /** An {@code upload_progress} event of {@code uploadId} on its upload channel. */
  public static EventRecord event(String eventId, String uploadId, Instant receivedAt) {
    return event(eventId, uploadId, "upload_progress", receivedAt);
  }

  public static EventRecord event(
      String eventId, String uploadId, String action, Instant receivedAt) {
    return new EventRecord(
        eventId,
        "upload:" + uploadId,
        action,
        Optional.of(uploadId),
        Optional.empty(),
        64,
        receivedAt,
        INSTANCE);
  }

  /** Written to one socket of {@code userId}, {@code latencyMicros} after receipt. */
  public static DeliveryRecord delivered(EventRecord event, String userId, long latencyMicros) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(userId),
        DeliveryOutcome.DELIVERED,
        1,
        event.receivedAt(),
        Optional.of(event.receivedAt().plusNanos(latencyMicros * 1000)),
        OptionalLong.of(latencyMicros),
        event.instanceId());
  }

  /** An outcome other than delivered for {@code userId}: nothing was written. */
  public static DeliveryRecord outcome(EventRecord event, String userId, DeliveryOutcome outcome) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(userId),
        outcome,
        0,
        event.receivedAt(),
        Optional.empty(),
        OptionalLong.empty(),
        event.instanceId());
  }

  public static DeliveryRecord noSubscribers(EventRecord event) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.empty(),
        DeliveryOutcome.NO_SUBSCRIBERS,
        0,
        event.receivedAt(),
        Optional.empty(),
        OptionalLong.empty(),
        event.instanceId());
  }

  /** Everything, newest first, {@code limit} rows per page. */
  public static DeliveryQuery everything(int limit) {
    return new DeliveryQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty());
  }

  /** The order of delivery history pages: newest first by (receivedAt, eventId, recipient). */
  public static final Comparator<DeliveryCursor> NEWEST_FIRST =
      Comparator.comparing(DeliveryCursor::receivedAt)
          .thenComparing(DeliveryCursor::eventId)
          .thenComparing(DeliveryCursor::recipient)
          .reversed();

  public static DeliveryCursor cursorOf(DeliveryView view) {
    return new DeliveryCursor(
        view.event().receivedAt(), view.event().eventId(), view.delivery().userId().orElse(""));
  }
}
