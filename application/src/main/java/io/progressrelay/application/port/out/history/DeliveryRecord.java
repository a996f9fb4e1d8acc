package io.progressrelay.application.port.out.history;

import io.progressrelay.domain.DeliveryOutcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of one event for one recipient user on one instance ({@code userId} is empty only for
 * {@link DeliveryOutcome#NO_SUBSCRIBERS}).
 *
 * @param connections how many of the user's sockets the frame was written to
 * @param firstWrittenAt when the first of those writes completed
 * @param latencyMicros from receipt to the first completed write
 */
public record DeliveryRecord(
    String eventId,
    Optional<String> userId,
    DeliveryOutcome outcome,
    int connections,
    Instant receivedAt,
    Optional<Instant> firstWrittenAt,
    OptionalLong latencyMicros,
    String instanceId) {
  public DeliveryRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(firstWrittenAt, "firstWrittenAt");
    Objects.requireNonNull(latencyMicros, "latencyMicros");
    Objects.requireNonNull(instanceId, "instanceId");
  }
}
