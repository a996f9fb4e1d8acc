package io.progressrelay.application.port.out.history;

import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryView;
import java.util.List;
import java.util.Optional;

/** A page of delivery history and, when more rows follow, where the next page starts. */
public record DeliveryPage(List<DeliveryView> items, Optional<DeliveryCursor> next) {
  public DeliveryPage {
    items = List.copyOf(items);
  }
}
