package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.HistoryGap;
import java.util.List;
import java.util.Optional;

/**
 * A page of delivery history, newest first, the opaque cursor of the next page if there is one, and
 * the gaps (outcomes that were not recorded) overlapping the period searched.
 */
public record DeliveriesAnswer(
    List<DeliveryView> items, Optional<String> nextCursor, List<HistoryGap> gaps) {
  public DeliveriesAnswer {
    items = List.copyOf(items);
    gaps = List.copyOf(gaps);
  }
}
