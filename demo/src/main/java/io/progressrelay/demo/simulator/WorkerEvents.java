package io.progressrelay.demo.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds the upload workers' events field for field in their order and shapes (the fixtures of the
 * system being replaced): naive UTC timestamps with microseconds, integer percents for uploads and
 * files, a float percentage for batches. Thread-safe.
 */
public final class WorkerEvents {
  public static final String UPLOAD_PROGRESS = "upload_progress";
  public static final String UPLOAD_COMPLETED = "upload_completed";
  public static final String UPLOAD_FAILED = "upload_failed";
  public static final String BATCH_PROGRESS = "batch_progress";
  public static final String FILE_PROGRESS = "file_progress";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter NAIVE_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private final Clock clock;

  public WorkerEvents(Clock clock) {
    this.clock = clock;
  }

  /** {@code upload_progress} on {@code upload:{id}}; the audit score appears from embedding on. */
  public WorkerEvent progress(String uploadId, UploadStage stage, boolean video, int auditScore) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("upload_id", uploadId);
    payload.put("status", stage.status());
    payload.put("stage", stage.code());
    payload.put("progress_percent", stage.percent());
    payload.put("message", stage.message(video));
    payload.putNull("error_message");
    if (stage.hasAuditScore()) {
      payload.put("description_audit_score", auditScore);
    } else {
      payload.putNull("description_audit_score");
    }
    ObjectNode event = JSON.createObjectNode().put("action", UPLOAD_PROGRESS);
    event.set("payload", payload);
    return new WorkerEvent(uploadChannel(uploadId), UPLOAD_PROGRESS, null, uploadId, text(event));
  }

  /** {@code upload_completed} on {@code upload:{id}}, with the generated description. */
  public WorkerEvent completed(String uploadId, String description, int auditScore) {
    ObjectNode event =
        JSON.createObjectNode()
            .put("action", UPLOAD_COMPLETED)
            .put("upload_id", uploadId)
            .put("description", description)
            .put("audit_score", auditScore);
    return new WorkerEvent(uploadChannel(uploadId), UPLOAD_COMPLETED, null, null, text(event));
  }

  /** {@code upload_failed} on {@code upload:{id}}. */
  public WorkerEvent failed(String uploadId, String errorMessage) {
    ObjectNode event =
        JSON.createObjectNode()
            .put("action", UPLOAD_FAILED)
            .put("upload_id", uploadId)
            .put("error_message", errorMessage);
    return new WorkerEvent(uploadChannel(uploadId), UPLOAD_FAILED, null, null, text(event));
  }

  /** {@code batch_progress} on {@code user:{owner}}. */
  public WorkerEvent batchProgress(
      String owner, String batchId, String status, int total, int successful, int failed) {
    int processed = successful + failed;
    ObjectNode payload =
        JSON.createObjectNode()
            .put("batch_id", batchId)
            .put("status", status)
            .put("total", total)
            .put("processed", processed)
            .put("successful", successful)
            .put("failed", failed)
            .put("progress_percentage", processed * 100.0 / total);
    ObjectNode event = JSON.createObjectNode().put("action", BATCH_PROGRESS);
    event.set("payload", payload);
    return new WorkerEvent(userChannel(owner), BATCH_PROGRESS, batchId, null, text(event));
  }

  /** {@code file_progress} on {@code user:{owner}} for one file (upload) of a batch. */
  public WorkerEvent fileProgress(
      String owner, String batchId, BatchFile file, int percent, String status) {
    ObjectNode payload =
        JSON.createObjectNode()
            .put("batch_id", batchId)
            .put("upload_id", file.uploadId())
            .put("file_name", file.name())
            .put("file_size", file.sizeBytes())
            .put("progress_percentage", percent)
            .put("status", status);
    ObjectNode event = JSON.createObjectNode().put("action", FILE_PROGRESS);
    event.set("payload", payload);
    return new WorkerEvent(
        userChannel(owner), FILE_PROGRESS, batchId, file.uploadId(), text(event));
  }

  private String text(ObjectNode event) {
    event.put(
        "timestamp", LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(NAIVE_MICROS));
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an event as JSON", e);
    }
  }

  // Workers' default prefixes: RedisEventPublisher publishes under the relay's configured ones.
  private static EventChannel uploadChannel(String uploadId) {
    return new EventChannel.Upload("upload:", new UploadId(uploadId));
  }

  private static EventChannel userChannel(String userId) {
    return new EventChannel.User("user:", new UserId(userId));
  }
}
