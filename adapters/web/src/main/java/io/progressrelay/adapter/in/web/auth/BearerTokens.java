package io.progressrelay.adapter.in.web.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads the token out of an {@code Authorization: Bearer <token>} header value. */
public final class BearerTokens {
  private static final String SCHEME = "bearer ";

  private BearerTokens() {}

  /** The token, or empty when the header is absent, uses another scheme, or carries no token. */
  public static Optional<String> fromAuthorizationHeader(String headerValue) {
    if (headerValue == null || headerValue.length() <= SCHEME.length()) {
      return Optional.empty();
    }
    // The scheme is case-insensitive (RFC 7235); the token itself is taken verbatim.
    String scheme = headerValue.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT);
    if (!scheme.equals(SCHEME)) {
      return Optional.empty();
    }
    String token = headerValue.substring(SCHEME.length()).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
