package io.progressrelay.adapter.in.web.socket;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * The WebSocket endpoint's meters: open sockets, and the sockets it closed or refused, by why. They
 * read the endpoint's own counters when scraped.
 */
public final class SocketMeters implements MeterBinder {
  private final ClientSocketEndpoint sockets;

  public SocketMeters(ClientSocketEndpoint sockets) {
    this.sockets = sockets;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("relay.connections", () -> sockets.stats().openConnections())
        .description("Open WebSocket connections, authenticated or not")
        .strongReference(true)
        .register(registry);
    String closes = "relay.socket.closes";
    String why = "Sockets the relay closed, by reason";
    stat(registry, closes, why, SocketStats::authFailures, "reason", "auth_failure");
    stat(registry, closes, why, SocketStats::tokenExpiries, "reason", "token_expired");
    stat(
        registry,
        closes,
        why,
        SocketStats::connectionLimitRejections,
        "reason",
        "connection_limit");
    stat(registry, closes, why, SocketStats::rateLimitViolations, "reason", "rate_limit");
    stat(registry, closes, why, SocketStats::oversizedFrames, "reason", "oversized_frame");
    stat(registry, closes, why, SocketStats::idleTimeouts, "reason", "idle_timeout");
    stat(
        registry,
        "relay.socket.origin.rejections",
        "WebSocket upgrades refused with 403 for an origin not allowed",
        SocketStats::originRejections);
  }

  // Micrometer holds the endpoint weakly; the application keeps it for as long as it runs.
  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<SocketStats> value,
      String... tags) {
    FunctionCounter.builder(name, sockets, s -> value.applyAsLong(s.stats()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
