package io.progressrelay.adapter.in.web.sse;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * The event-stream endpoint's meters, beside the WebSocket endpoint's: open streams, streams
 * opened, requests refused by why, streams ended at their token's expiry. They read the endpoint's
 * own counters when scraped.
 */
public final class EventStreamMeters implements MeterBinder {
  private final EventStreamEndpoint streams;

  public EventStreamMeters(EventStreamEndpoint streams) {
    this.streams = streams;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("relay.event.streams", () -> streams.stats().openStreams())
        .description("Open Server-Sent Events streams")
        .strongReference(true)
        .register(registry);
    stat(registry, "relay.event.streams.opened", "Event streams opened", EventStreamStats::opened);
    String refusals = "relay.event.stream.refusals";
    String why = "Event-stream requests answered with an error, by reason";
    stat(registry, refusals, why, EventStreamStats::authFailures, "reason", "auth_failure");
    stat(registry, refusals, why, EventStreamStats::originRejections, "reason", "origin");
    stat(registry, refusals, why, EventStreamStats::notAcceptable, "reason", "not_acceptable");
    stat(registry, refusals, why, EventStreamStats::invalidPositions, "reason", "invalid_position");
    stat(
        registry,
        refusals,
        why,
        EventStreamStats::connectionLimitRejections,
        "reason",
        "connection_limit");
    stat(registry, refusals, why, EventStreamStats::unavailable, "reason", "unavailable");
    stat(
        registry,
        "relay.event.stream.token.expiries",
        "Open event streams ended at their token's expiry",
        EventStreamStats::tokenExpiries);
  }

  // Micrometer holds the endpoint weakly; the application keeps it for as long as it runs.
  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<EventStreamStats> value,
      String... tags) {
    FunctionCounter.builder(name, streams, s -> value.applyAsLong(s.stats()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
