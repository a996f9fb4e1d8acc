package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.application.port.out.history.DeliveryRecord;
import io.progressrelay.application.port.out.history.EventRecord;
import io.progressrelay.application.port.out.history.HistoryGap;
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
