package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.history.DeliveryRecord;
import java.time.Instant;

/**
 * A run of replaced frames that one history item stands for: {@code count} frames in a row, from
 * {@code firstEventId} to {@code lastEventId} (the item's own event).
 */
public record RunResponse(
    int count, String firstEventId, Instant firstReceivedAt, String lastEventId) {
  /** The delivery's run, or null when it stands for one frame. */
  static RunResponse of(DeliveryRecord delivery) {
    return delivery
        .run()
        .map(
            run ->
                new RunResponse(
                    run.count(), run.firstEventId(), run.firstReceivedAt(), delivery.eventId()))
        .orElse(null);
  }
}
