package io.progressrelay.bootstrap.metrics;

import static io.progressrelay.bootstrap.metrics.Meters.counter;
import static io.progressrelay.bootstrap.metrics.Meters.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.progressrelay.adapter.in.web.socket.ClientSocketEndpoint;
import io.progressrelay.adapter.in.web.socket.SocketStats;
import java.util.function.ToLongFunction;

/** The WebSocket endpoint's meters: open sockets, and the sockets it closed or refused, by why. */
final class SocketMeters implements MeterBinder {
  private final ClientSocketEndpoint sockets;

  SocketMeters(ClientSocketEndpoint sockets) {
    this.sockets = sockets;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(
        registry,
        "relay.connections",
        "Open WebSocket connections, authenticated or not",
        null,
        () -> sockets.stats().openConnections());
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

  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<SocketStats> value,
      String... tags) {
    counter(registry, name, description, sockets, s -> value.applyAsLong(s.stats()), tags);
  }
}
