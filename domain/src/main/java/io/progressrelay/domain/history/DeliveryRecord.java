package io.progressrelay.domain.history;

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
 * @param run when this record stands for several replaced frames of the recipient in a row (only
 *     {@link DeliveryOutcome#COALESCED} and {@link DeliveryOutcome#RATE_LIMITED}), the run; this
 *     record's event is its last
 */
public record DeliveryRecord(
    String eventId,
    Optional<String> userId,
    DeliveryOutcome outcome,
    int connections,
    Instant receivedAt,
    Optional<Instant> firstWrittenAt,
    OptionalLong latencyMicros,
    String instanceId,
    Optional<DeliveryRun> run) {
  public DeliveryRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(firstWrittenAt, "firstWrittenAt");
    Objects.requireNonNull(latencyMicros, "latencyMicros");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(run, "run");
    if (run.isPresent()
        && outcome != DeliveryOutcome.COALESCED
        && outcome != DeliveryOutcome.RATE_LIMITED) {
      throw new IllegalArgumentException("only coalesced and rate_limited frames form runs");
    }
  }

  /** The outcome of one frame (no run). */
  public DeliveryRecord(
      String eventId,
      Optional<String> userId,
      DeliveryOutcome outcome,
      int connections,
      Instant receivedAt,
      Optional<Instant> firstWrittenAt,
      OptionalLong latencyMicros,
      String instanceId) {
    this(
        eventId,
        userId,
        outcome,
        connections,
        receivedAt,
        firstWrittenAt,
        latencyMicros,
        instanceId,
        Optional.empty());
  }

  /** This record standing for {@code run}, which ends with this record's event. */
  public DeliveryRecord withRun(DeliveryRun run) {
    return new DeliveryRecord(
        eventId,
        userId,
        outcome,
        connections,
        receivedAt,
        firstWrittenAt,
        latencyMicros,
        instanceId,
        Optional.of(run));
  }
}
