package io.progressrelay.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Registers meters that read a component's own counters when scraped, so recording costs the
 * real-time path nothing beyond the counters it already keeps.
 */
final class Meters {
  private Meters() {}

  /**
   * A monotonic counter ({@code name} + {@code _total} in Prometheus) reading {@code value} of
   * {@code source}; the source must stay referenced elsewhere, as Micrometer holds it weakly.
   */
  static <T> void counter(
      MeterRegistry registry,
      String name,
      String description,
      T source,
      ToLongFunction<T> value,
      String... tags) {
    FunctionCounter.builder(name, source, s -> value.applyAsLong(s))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  /** A gauge reading {@code value} at each scrape. */
  static void gauge(
      MeterRegistry registry,
      String name,
      String description,
      String baseUnit,
      Supplier<Number> value,
      String... tags) {
    Gauge.builder(name, value)
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }
}
