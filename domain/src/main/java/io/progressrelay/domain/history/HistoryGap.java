package io.progressrelay.domain.history;

import java.time.Instant;

/** A stretch of time during which an instance could not record some outcomes. */
public record HistoryGap(String instanceId, Instant from, Instant to, long lostOutcomes) {}
