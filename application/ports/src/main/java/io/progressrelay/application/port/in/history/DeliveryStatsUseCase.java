package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.Caller;

/** Admins see how events fared over a period, bucket by bucket. */
public interface DeliveryStatsUseCase {
  /** The most buckets one answer holds; a longer period needs wider buckets. */
  int MAX_BUCKETS = 10_000;

  DeliveryStats stats(Caller caller, DeliveryStatsRequest request);
}
