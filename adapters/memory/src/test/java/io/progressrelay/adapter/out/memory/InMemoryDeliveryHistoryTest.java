package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.DeliveryHistoryAdapters;
import io.progressrelay.application.port.out.contract.DeliveryHistoryContract;
import java.time.LocalDate;
import java.util.List;

/** Runs the delivery-history contract against the in-memory twin. */
class InMemoryDeliveryHistoryTest extends DeliveryHistoryContract {
  private InMemoryDeliveryHistory store;

  @Override
  protected DeliveryHistoryAdapters emptyHistory() {
    store = new InMemoryDeliveryHistory();
    return new DeliveryHistoryAdapters(store, store);
  }

  @Override
  protected List<LocalDate> storedDays() {
    return store.days();
  }
}
