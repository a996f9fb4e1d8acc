package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.util.Optional;
import java.util.OptionalLong;

/** Records of events that reached no socket: nobody subscribed, nobody connected, or lost. */
final class DeliveryRecords {
  private DeliveryRecords() {}

  static DeliveryRecord noSubscribers(EventRecord event) {
    return undelivered(event, Optional.empty(), DeliveryOutcome.NO_SUBSCRIBERS);
  }

  static DeliveryRecord missed(EventRecord event, UserId user, DeliveryOutcome outcome) {
    return undelivered(event, Optional.of(user.value()), outcome);
  }

  private static DeliveryRecord undelivered(
      EventRecord event, Optional<String> user, DeliveryOutcome outcome) {
    return new DeliveryRecord(
        event.eventId(),
        user,
        outcome,
        0,
        event.receivedAt(),
        Optional.empty(),
        OptionalLong.empty(),
        event.instanceId());
  }
}
