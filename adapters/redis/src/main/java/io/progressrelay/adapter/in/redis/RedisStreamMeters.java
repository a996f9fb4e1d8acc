package io.progressrelay.adapter.in.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * The stream reader's meters: entries read and dropped, reconnects, gaps left by trimming, how far
 * behind it reads, whether it is connected, and failed checkpoint saves. They read the counters the
 * reader keeps anyway, when scraped.
 */
public final class RedisStreamMeters implements MeterBinder {
  private final RedisStreamReader reader;
  private final StreamCheckpointSaver checkpoints;

  public RedisStreamMeters(RedisStreamReader reader, StreamCheckpointSaver checkpoints) {
    this.reader = reader;
    this.checkpoints = checkpoints;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    stat(
        registry,
        "relay.redis.stream.entries",
        "Stream entries read, whatever became of them",
        StreamStats::entries);
    String dropped = "relay.redis.stream.entries.dropped";
    String why = "Stream entries dropped instead of relayed, by reason";
    stat(registry, dropped, why, StreamStats::malformed, "reason", "malformed");
    stat(registry, dropped, why, StreamStats::oversized, "reason", "oversized");
    stat(registry, dropped, why, StreamStats::handlerFailures, "reason", "handler_failure");
    stat(
        registry,
        "relay.redis.stream.reconnects",
        "Times the stream reader lost Redis (or could not reach it) and began reconnecting",
        StreamStats::outages);
    stat(
        registry,
        "relay.redis.stream.control.entries",
        "Audience changes of the instances read from the stream, this instance's own included",
        StreamStats::controlEntries);
    stat(
        registry,
        "relay.redis.stream.control.missed",
        "Control entries showing another instance's announcement was lost (routes reloaded)",
        StreamStats::missedAnnouncements);
    stat(
        registry,
        "relay.redis.stream.trimmed",
        "Times entries after the last one read were trimmed away before the reader got to them",
        StreamStats::trimmedGaps);
    Gauge.builder("relay.redis.stream.lag", reader, r -> r.stats().lagMillis() / 1000.0)
        .description("Age by its id of the last entry read, when read; 0 at the end of the stream")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("relay.redis.stream.connected", () -> reader.isConnected() ? 1 : 0)
        .description("1 while the stream reader is connected to Redis, else 0")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(
            "relay.redis.stream.checkpoint.failures", checkpoints, StreamCheckpointSaver::failures)
        .description("Checkpoint saves that failed (retried at the next tick)")
        .register(registry);
  }

  // Micrometer holds the reader weakly; the application keeps it for as long as it runs.
  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<StreamStats> value,
      String... tags) {
    FunctionCounter.builder(name, reader, r -> value.applyAsLong(r.stats()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
