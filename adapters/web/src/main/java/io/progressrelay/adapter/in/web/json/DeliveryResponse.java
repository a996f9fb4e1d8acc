package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;

/**
 * One item of delivery history: the event and its outcome for one user ({@code userId} null when
 * nobody was subscribed); {@code firstWrittenAt} and {@code latencyMicros} null unless written;
 * {@code run} present only when the item stands for several replaced frames in a row.
 */
public record DeliveryResponse(
    String eventId,
    String channel,
    String action,
    String uploadId,
    String batchId,
    int sizeBytes,
    Instant receivedAt,
    String userId,
    String outcome,
    int connections,
    Instant firstWrittenAt,
    Long latencyMicros,
    String instanceId,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunResponse run) {
  public static DeliveryResponse of(DeliveryView view) {
    EventRecord event = view.event();
    DeliveryRecord delivery = view.delivery();
    return new DeliveryResponse(
        event.eventId(),
        event.channel(),
        event.action(),
        event.uploadId().orElse(null),
        event.batchId().orElse(null),
        event.sizeBytes(),
        event.receivedAt(),
        delivery.userId().orElse(null),
        delivery.outcome().code(),
        delivery.connections(),
        delivery.firstWrittenAt().orElse(null),
        TimelineDeliveryResponse.latency(delivery),
        delivery.instanceId(),
        RunResponse.of(delivery));
  }
}
