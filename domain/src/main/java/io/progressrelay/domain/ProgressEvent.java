package io.progressrelay.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as an upload worker published it: where it goes, what kind it is, and its payload, kept
 * verbatim because it is forwarded to browsers byte for byte as the outgoing frame.
 *
 * @param coalesceKey events with the same key supersede each other under the LATEST policy (one
 *     upload's progress, one batch's progress, one file's progress)
 * @param receivedNanos {@link System#nanoTime()} at receipt, for latency measurements
 * @param batchId the payload's {@code batch_id}, or empty
 * @param payloadUploadId the payload's {@code upload_id}, or empty
 * @param position where the event stands in its source's sequence: the stream entry id in streams
 *     mode, else empty until the fan-out engine numbers it on receipt
 */
public record ProgressEvent(
    EventChannel channel,
    String action,
    EventKind kind,
    String coalesceKey,
    String payload,
    Instant receivedAt,
    long receivedNanos,
    Optional<String> batchId,
    Optional<String> payloadUploadId,
    Optional<Position> position) {
  public ProgressEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(coalesceKey, "coalesceKey");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(payloadUploadId, "payloadUploadId");
    Objects.requireNonNull(position, "position");
  }

  /**
   * Builds an event from the fields a parser found. {@code batchId} and {@code fileUploadId} come
   * from the payload and may be null; they only refine which progress frames supersede each other.
   */
  public static ProgressEvent of(
      EventChannel channel,
      String action,
      String batchId,
      String fileUploadId,
      String payload,
      Instant receivedAt,
      long receivedNanos) {
    EventKind kind = EventKind.ofAction(action);
    return new ProgressEvent(
        channel,
        action,
        kind,
        coalesceKey(channel.key(), action, batchId, fileUploadId),
        payload,
        receivedAt,
        receivedNanos,
        Optional.ofNullable(batchId),
        Optional.ofNullable(fileUploadId),
        Optional.empty());
  }

  /** The same event at {@code position} in its source's sequence. */
  public ProgressEvent at(Position position) {
    return new ProgressEvent(
        channel,
        action,
        kind,
        coalesceKey,
        payload,
        receivedAt,
        receivedNanos,
        batchId,
        payloadUploadId,
        Optional.of(position));
  }

  /** The upload this event is about: its channel's, else the payload's; empty for neither. */
  public Optional<String> uploadId() {
    if (channel instanceof EventChannel.Upload upload) {
      return Optional.of(upload.uploadId().value());
    }
    return payloadUploadId;
  }

  /**
   * The coalesce key of an event with {@code action} on the channel whose {@link EventChannel#key()
   * key} is {@code channelKey}; {@code batchId} and {@code fileUploadId} may be null.
   */
  public static String coalesceKey(
      String channelKey, String action, String batchId, String fileUploadId) {
    String base = channelKey + "|" + action;
    return switch (action) {
      case "batch_progress" -> batchId == null ? base : base + "|" + batchId;
      case "file_progress" ->
          batchId == null && fileUploadId == null
              ? base
              : base + "|" + batchId + "|" + fileUploadId;
      default -> base;
    };
  }

  /** The latest-state record kept for late subscribers, for events of an upload channel. */
  public LatestEvent toLatestEvent() {
    return new LatestEvent(action, payload, receivedAt);
  }
}
