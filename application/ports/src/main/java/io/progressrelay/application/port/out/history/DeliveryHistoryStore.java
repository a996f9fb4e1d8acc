package io.progressrelay.application.port.out.history;

import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;
import java.util.List;

/**
 * Where delivery history is written, in batches, by one background writer. Implementations throw
 * {@link io.progressrelay.application.port.out.StorageUnavailableException} when the store cannot
 * be reached; nothing of a failed batch is stored then.
 */
public interface DeliveryHistoryStore {
  /** Stores the events and their outcomes together, in one transaction. */
  void append(List<EventRecord> events, List<DeliveryRecord> deliveries);

  /** Records that outcomes were lost; reported with query answers covering the period. */
  void recordGap(HistoryGap gap);

  /**
   * Makes sure storage exists for every day from {@code today} to {@code today + daysAhead}, and
   * drops whole days older than {@code keepSince} (never row by row). Returns the days dropped.
   */
  int maintainRetention(Instant today, int daysAhead, Instant keepSince);
}
