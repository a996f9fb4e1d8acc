package io.progressrelay.domain.history;

/** One row of delivery history: an event and its outcome for one recipient. */
public record DeliveryView(EventRecord event, DeliveryRecord delivery) {}
