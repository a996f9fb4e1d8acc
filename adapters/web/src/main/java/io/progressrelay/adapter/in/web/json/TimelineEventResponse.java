package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.history.TimelineEvent;
import java.time.Instant;
import java.util.List;

/** One event of an upload's timeline and every recipient's outcome. */
public record TimelineEventResponse(
    String eventId,
    String channel,
    String action,
    Instant receivedAt,
    int sizeBytes,
    List<TimelineDeliveryResponse> deliveries) {
  public static TimelineEventResponse of(TimelineEvent event) {
    return new TimelineEventResponse(
        event.event().eventId(),
        event.event().channel(),
        event.event().action(),
        event.event().receivedAt(),
        event.event().sizeBytes(),
        event.deliveries().stream().map(TimelineDeliveryResponse::of).toList());
  }
}
