package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.UploadId;

/** The answer to subscribing: the caller now follows the upload, newly or already. */
public record SubscribeResponse(String uploadId, boolean subscribed, boolean created) {
  public static SubscribeResponse of(UploadId uploadId, SubscribeOutcome outcome) {
    return new SubscribeResponse(uploadId.value(), true, outcome == SubscribeOutcome.CREATED);
  }
}
