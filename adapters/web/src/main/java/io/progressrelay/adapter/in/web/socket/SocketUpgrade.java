package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.auth.BearerTokens;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an upgrade request becomes a socket: refused with 503 while the server stops and
 * with 403 for an origin outside the allow-list; otherwise a {@link ProgressSocket} carrying the
 * token of the request, if it had one. Thread-safe.
 */
final class SocketUpgrade implements JettyWebSocketCreator {
  private static final Logger LOG = LoggerFactory.getLogger(SocketUpgrade.class);

  private final SocketServices services;

  SocketUpgrade(SocketServices services) {
    this.services = services;
  }

  @Override
  public Object createWebSocket(
      JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) throws IOException {
    if (services.stopping().getAsBoolean()) {
      response.sendError(503, "the relay is restarting; reconnect shortly");
      return null;
    }
    String origin = request.getOrigin();
    if (!services.settings().allowsOrigin(origin)) {
      services.counters().originRejections.incrementAndGet();
      LOG.info("refused a WebSocket upgrade from origin {}", origin);
      response.sendForbidden("origin not allowed");
      return null;
    }
    String token =
        BearerTokens.fromAuthorizationHeader(request.getHeader("Authorization"))
            .orElseGet(() -> queryToken(request));
    return new ProgressSocket(services, token);
  }

  // Browsers cannot set headers on a WebSocket upgrade, so the token may come as ?token=.
  private static String queryToken(JettyServerUpgradeRequest request) {
    List<String> values = request.getParameterMap().get("token");
    if (values == null) {
      return null;
    }
    return values.stream().filter(value -> !value.isBlank()).findFirst().orElse(null);
  }
}
