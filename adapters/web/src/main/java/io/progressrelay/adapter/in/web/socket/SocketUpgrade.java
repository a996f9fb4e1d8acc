package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.auth.BearerTokens;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an upgrade request becomes a socket: refused with 503 while the server stops and
 * with 403 for an origin outside the allow-list; otherwise a {@link ClientSocketHandler} carrying
 * the token of the request, if it had one, and speaking the protocol the client offered ({@code
 * progress-relay.v2}, selected in the response) or else the old relay's. Nothing of the request
 * outlives the upgrade. Thread-safe.
 */
final class SocketUpgrade implements WebSocketNegotiator {
  private static final Logger LOG = LoggerFactory.getLogger(SocketUpgrade.class);

  private final SocketServices services;
  // One for every socket: each socket's extension keeps its configuration, which Jetty never
  // changes, so a configuration parsed per upgrade was a map and strings held by every socket.
  private final ExtensionConfig closeHandshake;

  SocketUpgrade(SocketServices services) {
    this.services = services;
    this.closeHandshake =
        CloseHandshakeExtension.config(services.settings().closeGrace().toMillis());
  }

  @Override
  public FrameHandler negotiate(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    if (services.stopping().getAsBoolean()) {
      Response.writeError(
          request, response, callback, 503, "the relay is restarting; reconnect shortly");
      return null;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (!services.settings().allowsOrigin(origin)) {
      services.counters().originRejections.incrementAndGet();
      LOG.info("refused a WebSocket upgrade from origin {}", origin);
      Response.writeError(request, response, callback, 403, "origin not allowed");
      return null;
    }
    String token =
        BearerTokens.fromAuthorizationHeader(request.getHeaders().get(HttpHeader.AUTHORIZATION))
            .orElseGet(() -> queryToken(request));
    // Only the close handshake; the permessage-deflate browsers offer is declined. It would
    // compress every shared event frame again for each socket and keep a zlib context per socket,
    // and Node's WebSocket, which inflates asynchronously, lost an auth_error to the close behind.
    response.setExtensions(List.of(closeHandshake));
    SocketProtocol protocol = SocketProtocol.offeredIn(request.getSubProtocols());
    protocol.subprotocol().ifPresent(response::setAcceptedSubProtocol);
    String since = protocol.resumes() ? queryParameter(request, "since") : null;
    return new ClientSocketHandler(services, token, since, protocol);
  }

  // Browsers cannot set headers on a WebSocket upgrade, so the token may come as ?token=.
  private static String queryToken(Request request) {
    return queryParameter(request, "token");
  }

  // The first non-blank value of the query parameter, or null.
  private static String queryParameter(Request request, String name) {
    List<String> values = Request.extractQueryParameters(request).getValues(name);
    if (values == null) {
      return null;
    }
    return values.stream().filter(value -> !value.isBlank()).findFirst().orElse(null);
  }
}
