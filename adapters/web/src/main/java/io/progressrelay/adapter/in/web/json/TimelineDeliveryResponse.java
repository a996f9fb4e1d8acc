package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.out.history.DeliveryRecord;
import java.time.Instant;

/** What became of one timeline event for one user ({@code userId} null: nobody subscribed). */
public record TimelineDeliveryResponse(
    String userId,
    String outcome,
    int connections,
    Instant firstWrittenAt,
    Long latencyMicros,
    String instanceId) {
  public static TimelineDeliveryResponse of(DeliveryRecord delivery) {
    return new TimelineDeliveryResponse(
        delivery.userId().orElse(null),
        delivery.outcome().code(),
        delivery.connections(),
        delivery.firstWrittenAt().orElse(null),
        latency(delivery),
        delivery.instanceId());
  }

  static Long latency(DeliveryRecord delivery) {
    return delivery.latencyMicros().isPresent() ? delivery.latencyMicros().getAsLong() : null;
  }
}
