package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.domain.Caller;
import java.time.Instant;
import java.util.Optional;

/**
 * The token an open socket authenticated with: whose it is and, when its expiry closes the socket,
 * when it expires. A v2 client may replace it on the open socket with a newer token of the same
 * user. Thread-safe: the socket's frame thread refreshes it while the timer thread reads it.
 */
final class SocketToken {
  private volatile Caller caller;
  private volatile Instant expiresAt; // null when the token's expiry does not close the socket

  SocketToken(AuthenticatedCaller authenticated, boolean closesAtExpiry) {
    this.caller = authenticated.caller();
    this.expiresAt = closesAtExpiry ? authenticated.expiresAt() : null;
  }

  Caller caller() {
    return caller;
  }

  /** When the socket must close, or empty when the token's expiry does not close it. */
  Optional<Instant> closesAt() {
    return Optional.ofNullable(expiresAt);
  }

  boolean hasExpired(Instant now) {
    Instant deadline = expiresAt;
    return deadline != null && !now.isBefore(deadline);
  }

  /**
   * Replaces the token with {@code fresh}, or says why it is refused: a token of another user, or
   * one already expired (the authenticator forgives clock skew; a socket does not).
   */
  Optional<String> refresh(AuthenticatedCaller fresh, Instant now) {
    if (!fresh.caller().userId().equals(caller.userId())) {
      return Optional.of(
          "the token belongs to another user; a socket keeps its user, open a new one to switch");
    }
    if (!fresh.expiresAt().isAfter(now)) {
      return Optional.of("the bearer token has expired");
    }
    caller = fresh.caller();
    if (expiresAt != null) {
      expiresAt = fresh.expiresAt();
    }
    return Optional.empty();
  }
}
