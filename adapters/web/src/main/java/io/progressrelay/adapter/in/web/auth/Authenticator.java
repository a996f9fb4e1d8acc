package io.progressrelay.adapter.in.web.auth;

/** Turns a bearer token into the caller it names; shared by the REST API and the WebSocket. */
public interface Authenticator {
  /**
   * Verifies {@code bearerToken} (the part after {@code Bearer }); implementations are thread-safe.
   *
   * @param bearerToken the compact token, or null or blank when the request carried none
   * @throws AuthenticationException naming whether the token was missing, invalid or expired
   */
  AuthenticatedCaller authenticate(String bearerToken) throws AuthenticationException;
}
