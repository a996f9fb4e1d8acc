package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.Caller;

/** Admins search what became of each event for each recipient, a page at a time. */
public interface QueryDeliveriesUseCase {
  DeliveriesAnswer deliveries(Caller caller, DeliveriesRequest request);
}
