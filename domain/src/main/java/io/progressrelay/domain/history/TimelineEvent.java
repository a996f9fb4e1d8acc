package io.progressrelay.domain.history;

import java.util.List;

/** One event of an upload with every recipient's outcome, as the timeline shows it. */
public record TimelineEvent(EventRecord event, List<DeliveryRecord> deliveries) {
  public TimelineEvent {
    deliveries = List.copyOf(deliveries);
  }
}
