package io.progressrelay.application.port.out.history;

import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.HistoryGap;
import io.progressrelay.domain.history.OutcomeBucket;
import io.progressrelay.domain.history.TimelineEvent;
import java.time.Instant;
import java.util.List;

/**
 * Reads delivery history as the admin API needs it, merged across instances. Implementations throw
 * {@link io.progressrelay.application.port.out.StorageUnavailableException} when the store cannot
 * be reached.
 */
public interface DeliveryHistoryQueries {
  DeliveryPage deliveries(DeliveryQuery query);

  /** Buckets from {@code since} (inclusive) to {@code until} (exclusive), oldest first. */
  List<OutcomeBucket> stats(Instant since, Instant until, BucketSize size);

  /** The upload's events in the order received, each with its outcomes; at most {@code limit}. */
  List<TimelineEvent> timeline(String uploadId, int limit);

  /** Gaps of any instance that overlap {@code since}..{@code until}. */
  List<HistoryGap> gaps(Instant since, Instant until);
}
