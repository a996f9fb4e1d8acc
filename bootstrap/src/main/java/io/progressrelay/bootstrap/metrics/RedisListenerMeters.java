package io.progressrelay.bootstrap.metrics;

import static io.progressrelay.bootstrap.metrics.Meters.counter;
import static io.progressrelay.bootstrap.metrics.Meters.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.progressrelay.adapter.in.redis.ListenerStats;
import io.progressrelay.adapter.in.redis.RedisProgressListener;
import java.util.function.ToLongFunction;

/**
 * The Redis listener's meters: messages received and dropped, reconnects, and whether it is
 * subscribed. They read the counters the listener thread keeps anyway.
 */
final class RedisListenerMeters implements MeterBinder {
  private final RedisProgressListener listener;

  RedisListenerMeters(RedisProgressListener listener) {
    this.listener = listener;
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
        "relay.redis.reconnects",
        "Times the listener lost Redis (or could not reach it) and began reconnecting",
        ListenerStats::outages);
    gauge(
        registry,
        "relay.redis.connected",
        "1 while the listener is subscribed to Redis, else 0",
        null,
        () -> listener.isConnected() ? 1 : 0);
  }

  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<ListenerStats> value,
      String... tags) {
    counter(registry, name, description, listener, l -> value.applyAsLong(l.stats()), tags);
  }
}
