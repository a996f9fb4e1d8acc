package io.progressrelay.adapter.in.web.socket;

/**
 * How the relay treats sockets of the old relay's protocol (v1: no subprotocol offered). Their
 * client cannot refresh a token on an open socket, gives up for good on close codes 4001-4004, and
 * takes every {@code upload_completed} it receives for a new one; by default the relay therefore
 * behaves as the old relay did.
 *
 * @param closeAtTokenExpiry close a v1 socket with 4003 at its token's exp, as v2 sockets are; off
 *     by default: the old relay checked the token when the socket authenticated, and only then
 * @param latestOnSubscribe send a v1 socket the upload's latest event when its user subscribes to
 *     the upload, as v2 sockets get it; off by default: the old relay never replayed events
 */
public record V1SocketOptions(boolean closeAtTokenExpiry, boolean latestOnSubscribe) {
  /** The old relay's behaviour. */
  public static final V1SocketOptions DEFAULT = new V1SocketOptions(false, false);
}
