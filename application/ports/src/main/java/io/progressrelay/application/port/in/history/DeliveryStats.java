package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.OutcomeBucket;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Outcome counts and latency percentiles per bucket over {@code since..until} (buckets without any
 * row are left out), and the gaps overlapping that period.
 */
public record DeliveryStats(
    BucketSize bucket,
    Instant since,
    Instant until,
    List<OutcomeBucket> buckets,
    List<HistoryGap> gaps) {
  public DeliveryStats {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    buckets = List.copyOf(buckets);
    gaps = List.copyOf(gaps);
  }
}
