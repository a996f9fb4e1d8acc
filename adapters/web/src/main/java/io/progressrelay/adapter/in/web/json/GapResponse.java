package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;
import java.util.List;

/**
 * A stretch of time in which an instance could not record {@code lostOutcomes} outcomes, with the
 * notice a person reads: "history incomplete between T1 and T2: N outcomes not recorded".
 */
public record GapResponse(
    String instanceId, Instant from, Instant to, long lostOutcomes, String notice) {
  public static GapResponse of(HistoryGap gap) {
    return new GapResponse(
        gap.instanceId(),
        gap.from(),
        gap.to(),
        gap.lostOutcomes(),
        "history incomplete between "
            + gap.from()
            + " and "
            + gap.to()
            + ": "
            + gap.lostOutcomes()
            + " outcomes not recorded (instance "
            + gap.instanceId()
            + ")");
  }

  public static List<GapResponse> of(List<HistoryGap> gaps) {
    return gaps.stream().map(GapResponse::of).toList();
  }
}
