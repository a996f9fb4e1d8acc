package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import java.util.List;
import java.util.Optional;

/**
 * The protocol a socket speaks, chosen once at the upgrade by WebSocket subprotocol negotiation: a
 * client that offers {@code progress-relay.v3} or {@code progress-relay.v2} gets the newest it
 * offers selected in the upgrade response; every other socket speaks the old relay's protocol, v1,
 * frame for frame.
 */
enum SocketProtocol {
  /**
   * The Python relay's protocol, which the existing browser client speaks without offering any
   * subprotocol: the token is checked when the socket authenticates, and the client receives
   * nothing it did not receive from the old relay (see {@link V1SocketOptions} for the operator's
   * exceptions).
   */
  V1(null),

  /**
   * {@code progress-relay.v2}: v1 plus an in-band token refresh (an auth frame on the open socket,
   * answered with {@code token_refreshed}), a close with 4003 at the token's exp when it was not
   * refreshed, and the upload's latest event after {@code subscribed}.
   */
  V2("progress-relay.v2"),

  /**
   * {@code progress-relay.v3}: v2 plus positions. Events arrive in an envelope naming their channel
   * and position; after authenticating the client catches up on what it follows (since the position
   * it gives, or the latest state); it may subscribe since a position; and it is told of gaps it
   * cannot recover.
   */
  V3("progress-relay.v3");

  private final String subprotocol;

  SocketProtocol(String subprotocol) {
    this.subprotocol = subprotocol;
  }

  /** The protocol for a client that offered {@code subprotocols} (empty when it offered none). */
  static SocketProtocol offeredIn(List<String> subprotocols) {
    if (subprotocols.contains(V3.subprotocol)) {
      return V3;
    }
    return subprotocols.contains(V2.subprotocol) ? V2 : V1;
  }

  /** The name the upgrade response selects, or empty for v1, which selects none. */
  Optional<String> subprotocol() {
    return Optional.ofNullable(subprotocol);
  }

  /** Whether an auth frame on the open socket replaces its token. */
  boolean refreshesTokenInBand() {
    return this != V1;
  }

  /** Whether the client sees positions: it catches up after authenticating and may resume. */
  boolean resumes() {
    return this == V3;
  }

  /** Whether the socket is closed with 4003 when its token expires. */
  boolean closesAtTokenExpiry(V1SocketOptions v1) {
    return this != V1 || v1.closeAtTokenExpiry();
  }

  /** What the fan-out engine sends the socket besides the events. */
  ClientCapabilities capabilities(V1SocketOptions v1) {
    if (this == V3) {
      return ClientCapabilities.RESUMING;
    }
    return this == V2 || v1.latestOnSubscribe()
        ? ClientCapabilities.LATEST_ON_SUBSCRIBE
        : ClientCapabilities.EVENTS_ONLY;
  }
}
