package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.history.UploadTimeline;
import java.util.List;

/** An upload's events, oldest first; {@code truncated} when only the first ones fit. */
public record TimelineResponse(
    String uploadId,
    List<TimelineEventResponse> events,
    boolean truncated,
    List<GapResponse> gaps) {
  public static TimelineResponse of(UploadTimeline timeline) {
    return new TimelineResponse(
        timeline.uploadId().value(),
        timeline.events().stream().map(TimelineEventResponse::of).toList(),
        timeline.truncated(),
        GapResponse.of(timeline.gaps()));
  }
}
