package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.progressrelay.domain.history.DeliveryRecord;
import java.time.Instant;

/**
 * What became of one timeline event for one user ({@code userId} null: nobody subscribed); {@code
 * run} present only when the item stands for several replaced frames in a row.
 */
public record TimelineDeliveryResponse(
    String userId,
    String outcome,
    int connections,
    Instant firstWrittenAt,
    Long latencyMicros,
    String instanceId,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunResponse run) {
  public static TimelineDeliveryResponse of(DeliveryRecord delivery) {
    return new TimelineDeliveryResponse(
        delivery.userId().orElse(null),
        delivery.outcome().code(),
        delivery.connections(),
        delivery.firstWrittenAt().orElse(null),
        latency(delivery),
        delivery.instanceId(),
        RunResponse.of(delivery));
  }

  static Long latency(DeliveryRecord delivery) {
    return delivery.latencyMicros().isPresent() ? delivery.latencyMicros().getAsLong() : null;
  }
}
