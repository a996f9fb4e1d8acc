package io.progressrelay.application.service.history;

import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A history store for the application's tests: keeps what it is given, and can play an outage. */
public final class RecordingHistoryStore implements DeliveryHistoryStore {
  private final List<EventRecord> events = new ArrayList<>();
  private final List<DeliveryRecord> deliveries = new ArrayList<>();
  private final List<HistoryGap> gaps = new ArrayList<>();
  private volatile boolean down;

  public void goDown() {
    down = true;
  }

  public void comeBack() {
    down = false;
  }

  @Override
  public synchronized void append(List<EventRecord> events, List<DeliveryRecord> deliveries) {
    if (down) {
      throw new StorageUnavailableException("history store is down", null);
    }
    this.events.addAll(events);
    this.deliveries.addAll(deliveries);
  }

  @Override
  public synchronized void recordGap(HistoryGap gap) {
    if (down) {
      throw new StorageUnavailableException("history store is down", null);
    }
    gaps.add(gap);
  }

  @Override
  public int maintainRetention(Instant today, int daysAhead, Instant keepSince) {
    return 0;
  }

  public synchronized List<DeliveryRecord> deliveries() {
    return List.copyOf(deliveries);
  }

  public synchronized List<EventRecord> events() {
    return List.copyOf(events);
  }

  public synchronized List<HistoryGap> gaps() {
    return List.copyOf(gaps);
  }
}
