package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;

/** One row of {@code history_gaps}. */
record GapRow(String instanceId, Instant fromAt, Instant toAt, long lostOutcomes) {
  HistoryGap toGap() {
    return new HistoryGap(instanceId, fromAt, toAt, lostOutcomes);
  }
}
