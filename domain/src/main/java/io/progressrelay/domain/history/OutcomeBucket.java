package io.progressrelay.domain.history;

import io.progressrelay.domain.DeliveryOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counts by outcome and delivery latency percentiles (of delivered rows) for one minute or hour
 * starting at {@code start}.
 */
public record OutcomeBucket(
    Instant start,
    Map<DeliveryOutcome, Long> counts,
    OptionalLong p50Micros,
    OptionalLong p99Micros) {
  public OutcomeBucket {
    counts = Map.copyOf(counts);
  }
}
