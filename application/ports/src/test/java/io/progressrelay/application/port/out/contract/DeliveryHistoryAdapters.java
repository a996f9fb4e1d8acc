package io.progressrelay.application.port.out.contract;

import io.progressrelay.application.port.out.history.DeliveryHistoryQueries;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;

/** The writing and the reading side of one delivery-history store. */
public record DeliveryHistoryAdapters(DeliveryHistoryStore store, DeliveryHistoryQueries queries) {}
