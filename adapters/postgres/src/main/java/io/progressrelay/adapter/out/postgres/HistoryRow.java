package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One item of delivery history as the queries read it: an event row of {@code delivery_events}
 * unnested to one recipient, with that recipient's elements of the arrays.
 */
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
    short outcome,
    int connections,
    Long firstWrittenMicros,
    Long latencyMicros,
    Integer runCount,
    String runFirstEventId,
    Instant runFirstReceivedAt) {

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
        OutcomeCodes.outcomeOf(outcome),
        connections,
        receivedAt,
        Optional.ofNullable(firstWrittenMicros).map(micros -> receivedAt.plusNanos(micros * 1_000)),
        latencyMicros == null ? OptionalLong.empty() : OptionalLong.of(latencyMicros),
        instanceId,
        runCount == null
            ? Optional.empty()
            : Optional.of(new DeliveryRun(runCount, runFirstEventId, runFirstReceivedAt)));
  }

  DeliveryView view() {
    return new DeliveryView(event(), delivery());
  }

  /**
   * The position of this item in the newest-first order; the recipient is "" for no_subscribers.
   */
  DeliveryCursor cursor() {
    return new DeliveryCursor(receivedAt, eventId, userId == null ? "" : userId);
  }
}
