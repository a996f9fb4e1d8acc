package io.progressrelay.demo.simulator;

import io.progressrelay.domain.EventChannel;
import java.util.Objects;

/**
 * One event as an upload worker publishes it: the channel, the JSON text, and the fields the relay
 * reads from it ({@code action}, and the payload's {@code batch_id} and {@code upload_id}, null
 * when absent).
 */
public record WorkerEvent(
    EventChannel channel,
    String action,
    String payloadBatchId,
    String payloadUploadId,
    String json) {
  public WorkerEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(json, "json");
  }

  /** True for {@code upload_completed} and {@code upload_failed}. */
  public boolean isTerminal() {
    return action.equals(WorkerEvents.UPLOAD_COMPLETED)
        || action.equals(WorkerEvents.UPLOAD_FAILED);
  }
}
