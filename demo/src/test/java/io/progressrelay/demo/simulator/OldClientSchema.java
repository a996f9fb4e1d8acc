package io.progressrelay.demo.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes of the worker events the old relay's browser client accepts: it checks every frame
 * against its schema and silently drops those that fail. Written from that client's documented
 * rules (ids are UUIDs, percents and audit scores integers 0..100, fixed status and stage names),
 * so tests can tell a frame it would drop.
 */
final class OldClientSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> UPLOAD_STATUSES =
      Set.of("pending", "analyzing", "embedding", "completed", "failed");
  private static final Set<String> UPLOAD_STAGES =
      Set.of(
          "queued",
          "extracting_frames",
          "vision_analysis",
          "description_audit",
          "embedding_generation",
          "indexing",
          "completed",
          "failed");
  private static final Set<String> FILE_STATUSES = Set.of("processing", "completed", "failed");

  private OldClientSchema() {}

  /** Why the old client would drop {@code frame}; empty when it would take it. */
  static List<String> problemsOf(String frame) {
    JsonNode event;
    try {
      event = JSON.readTree(frame);
    } catch (JsonProcessingException e) {
      return List.of("not JSON");
    }
    var problems = new Problems();
    String action = event.path("action").asText("");
    switch (action) {
      case "upload_progress" -> {
        JsonNode payload = event.path("payload");
        problems.uuid(payload, "payload.upload_id", "upload_id");
        problems.oneOf(payload, "payload.status", "status", UPLOAD_STATUSES);
        problems.oneOf(payload, "payload.stage", "stage", UPLOAD_STAGES);
        problems.percent(payload, "payload.progress_percent", "progress_percent", false);
        problems.text(payload, "payload.message", "message");
        problems.textOrNull(payload, "payload.error_message", "error_message");
        problems.percent(
            payload, "payload.description_audit_score", "description_audit_score", true);
        problems.text(event, "timestamp", "timestamp");
      }
      case "upload_completed" -> {
        problems.uuid(event, "upload_id", "upload_id");
        problems.text(event, "description", "description");
        problems.percent(event, "audit_score", "audit_score", false);
        problems.text(event, "timestamp", "timestamp");
      }
      case "upload_failed" -> {
        problems.uuid(event, "upload_id", "upload_id");
        problems.text(event, "error_message", "error_message");
        problems.text(event, "timestamp", "timestamp");
      }
      case "batch_progress" -> {
        JsonNode payload = event.path("payload");
        problems.uuid(payload, "payload.batch_id", "batch_id");
        problems.text(payload, "payload.status", "status");
        for (String count : List.of("total", "processed", "successful", "failed")) {
          problems.count(payload, "payload." + count, count);
        }
        JsonNode share = payload.path("progress_percentage");
        if (!share.isNumber() || share.asDouble() < 0 || share.asDouble() > 100) {
          problems.add("payload.progress_percentage is not a number 0..100: " + share);
        }
        problems.text(event, "timestamp", "timestamp");
      }
      case "file_progress" -> {
        JsonNode payload = event.path("payload");
        problems.uuid(payload, "payload.batch_id", "batch_id");
        problems.uuid(payload, "payload.upload_id", "upload_id");
        problems.text(payload, "payload.file_name", "file_name");
        problems.count(payload, "payload.file_size", "file_size");
        problems.percent(payload, "payload.progress_percentage", "progress_percentage", false);
        problems.oneOf(payload, "payload.status", "status", FILE_STATUSES);
        problems.text(event, "timestamp", "timestamp");
      }
      default -> problems.add("an action the old client does not know: '" + action + "'");
    }
    return problems.list;
  }

  private static final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String problem) {
      list.add(problem);
    }

    void uuid(JsonNode node, String path, String field) {
      JsonNode value = node.path(field);
      if (!value.isTextual() || !UUID.matcher(value.textValue()).matches()) {
        add(path + " is not a UUID: " + value);
      }
    }

    void text(JsonNode node, String path, String field) {
      if (!node.path(field).isTextual()) {
        add(path + " is not a string: " + node.path(field));
      }
    }

    void textOrNull(JsonNode node, String path, String field) {
      JsonNode value = node.path(field);
      if (!value.isTextual() && !value.isNull()) {
        add(path + " is neither a string nor null: " + value);
      }
    }

    void oneOf(JsonNode node, String path, String field, Set<String> allowed) {
      if (!allowed.contains(node.path(field).asText(null))) {
        add(path + " is not one of " + allowed + ": " + node.path(field));
      }
    }

    // An integral JSON number: 91 passes, 9.1 and 91.0 do not, as with the client's int() rule.
    void percent(JsonNode node, String path, String field, boolean nullable) {
      JsonNode value = node.path(field);
      if (nullable && value.isNull()) {
        return;
      }
      if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 100) {
        add(path + " is not an integer 0..100: " + value);
      }
    }

    void count(JsonNode node, String path, String field) {
      JsonNode value = node.path(field);
      if (!value.isIntegralNumber() || value.asLong() < 0) {
        add(path + " is not a whole number >= 0: " + value);
      }
    }
  }
}
