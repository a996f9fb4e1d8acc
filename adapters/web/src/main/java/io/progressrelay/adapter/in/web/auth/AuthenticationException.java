package io.progressrelay.adapter.in.web.auth;

import java.util.Objects;

/**
 * Why a bearer token was not accepted; the message says so in words and never contains the token.
 */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The three ways authentication fails, each told apart in the answer to the client. */
  public enum Reason {
    /** No bearer token came with the request. */
    MISSING,
    /**
     * The token is malformed, unsigned, signed with another key or algorithm, or its claims are
     * unusable.
     */
    INVALID,
    /** The token was valid but its {@code exp} lies in the past, beyond the allowed clock skew. */
    EXPIRED
  }

  private final Reason reason;

  public AuthenticationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public static AuthenticationException missing() {
    return new AuthenticationException(Reason.MISSING, "the request carries no bearer token");
  }

  public static AuthenticationException invalid(String why) {
    return new AuthenticationException(Reason.INVALID, "the bearer token is invalid: " + why);
  }

  public static AuthenticationException expired() {
    return new AuthenticationException(Reason.EXPIRED, "the bearer token has expired");
  }

  public Reason reason() {
    return reason;
  }
}
