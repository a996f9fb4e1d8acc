package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;
import java.util.List;

/** A history store that accepts every batch and keeps nothing, so the recorder never backs up. */
final class DiscardingHistoryStore implements DeliveryHistoryStore {
  @Override
  public void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {}

  @Override
  public void recordGap(HistoryGap gap) {}

  @Override
  public int maintainRetention(Instant today, int daysAhead, Instant keepSince) {
    return 0;
  }
}
