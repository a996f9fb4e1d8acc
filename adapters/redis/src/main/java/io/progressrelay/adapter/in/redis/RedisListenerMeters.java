package io.progressrelay.adapter.in.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The Redis listener's meters: messages received and dropped, reconnects, and whether it is
 * subscribed. They read the counters the listener thread keeps anyway, when scraped.
 */
public final class RedisListenerMeters implements MeterBinder {
  private final Object listener;
  private final Supplier<ListenerStats> stats;
  private final BooleanSupplier connected;

  public RedisListenerMeters(RedisProgressListener listener) {
    this(listener, listener::stats, listener::isConnected);
  }

  /** The cluster listener's: messages of every master, and connected while all are subscribed. */
  public RedisListenerMeters(RedisClusterListener listener) {
    this(listener, listener::stats, listener::isConnected);
  }

  private RedisListenerMeters(
      Object listener, Supplier<ListenerStats> stats, BooleanSupplier connected) {
    this.listener = listener;
    this.stats = stats;
    this.connected = connected;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    stat(
        registry,
        "relay.redis.messages",
        "Messages received on the event channels, whatever became of them",
        ListenerStats::received);
    String dropped = "relay.redis.messages.dropped";
    String why = "Redis messages dropped instead of relayed, by reason";
    stat(registry, dropped, why, ListenerStats::malformed, "reason", "malformed");
    stat(registry, dropped, why, ListenerStats::oversized, "reason", "oversized");
    stat(registry, dropped, why, ListenerStats::handlerFailures, "reason", "handler_failure");
    stat(
        registry,
        "relay.redis.control.messages",
        "Messages received on the control channel, this instance's own included",
        ListenerStats::controlMessages);
    stat(
        registry,
        "relay.redis.control.missed",
        "Control messages showing another instance's announcement was lost (routes reloaded)",
        ListenerStats::missedAnnouncements);
    stat(
        registry,
        "relay.redis.reconnects",
        "Times the listener lost Redis (or could not reach it) and began reconnecting",
        ListenerStats::outages);
    Gauge.builder("relay.redis.connected", () -> connected.getAsBoolean() ? 1 : 0)
        .description("1 while the listener is subscribed to Redis, else 0")
        .strongReference(true)
        .register(registry);
  }

  // Micrometer holds the listener weakly; the application keeps it for as long as it runs.
  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<ListenerStats> value,
      String... tags) {
    FunctionCounter.builder(name, listener, l -> value.applyAsLong(stats.get()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
