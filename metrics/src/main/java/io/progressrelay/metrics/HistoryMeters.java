package io.progressrelay.metrics;

import static io.progressrelay.metrics.Meters.counter;
import static io.progressrelay.metrics.Meters.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;

/** The delivery-history recorder's meters: outcomes recorded, written and lost, and its buffer. */
public final class HistoryMeters implements MeterBinder {
  private final DeliveryHistoryRecorder recorder;

  public HistoryMeters(DeliveryHistoryRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "relay.history.outcomes.recorded",
        "Delivery outcomes the history level keeps, handed to the history buffer",
        recorder,
        r -> r.stats().recorded());
    counter(
        registry,
        "relay.history.outcomes.written",
        "Delivery outcomes written to the history store",
        recorder,
        r -> r.stats().written());
    counter(
        registry,
        "relay.history.outcomes.lost",
        "Delivery outcomes not recorded: the buffer was full or the store refused them",
        recorder,
        r -> r.stats().lost());
    gauge(
        registry,
        "relay.history.buffered",
        "Delivery outcomes waiting for the history writer",
        null,
        () -> recorder.stats().buffered());
    gauge(
        registry,
        "relay.history.buffer.capacity",
        "Delivery outcomes the history buffer holds before further ones are lost",
        null,
        recorder::capacity);
  }
}
