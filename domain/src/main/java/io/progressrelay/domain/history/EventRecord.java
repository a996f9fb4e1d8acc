package io.progressrelay.domain.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One received event as delivery history keeps it (never its payload).
 *
 * @param eventId unique across instances, assigned on receipt
 * @param uploadId the upload of an {@code upload:} channel, or the payload's upload id
 * @param batchId the payload's batch id, if any
 * @param sizeBytes the payload's size in bytes
 * @param instanceId the relay instance that received it
 */
public record EventRecord(
    String eventId,
    String channel,
    String action,
    Optional<String> uploadId,
    Optional<String> batchId,
    int sizeBytes,
    Instant receivedAt,
    String instanceId) {
  public EventRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(instanceId, "instanceId");
  }
}
