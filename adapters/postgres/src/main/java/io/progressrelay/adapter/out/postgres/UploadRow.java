package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** One row of {@code uploads}; the latest-event columns are all null until the first event. */
record UploadRow(
    String uploadId,
    String ownerId,
    Instant createdAt,
    String latestEventAction,
    String latestEventPayload,
    Instant latestEventAt) {

  Upload toUpload() {
    Optional<LatestEvent> latestEvent =
        latestEventAction == null
            ? Optional.empty()
            : Optional.of(new LatestEvent(latestEventAction, latestEventPayload, latestEventAt));
    return new Upload(new UploadId(uploadId), new UserId(ownerId), createdAt, latestEvent);
  }
}
