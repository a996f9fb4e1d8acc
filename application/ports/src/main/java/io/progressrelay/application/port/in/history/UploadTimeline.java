package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.TimelineEvent;
import java.util.List;
import java.util.Objects;

/**
 * An upload's events in the order received, each with every recipient's outcome; {@code truncated}
 * when the upload has more events than one answer holds. {@code gaps} are those overlapping the
 * upload's history, from its first recorded event (or, without any, from the start) until now.
 */
public record UploadTimeline(
    UploadId uploadId, List<TimelineEvent> events, boolean truncated, List<HistoryGap> gaps) {
  public UploadTimeline {
    Objects.requireNonNull(uploadId, "uploadId");
    events = List.copyOf(events);
    gaps = List.copyOf(gaps);
  }
}
