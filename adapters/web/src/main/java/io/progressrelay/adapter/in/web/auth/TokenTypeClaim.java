package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Checks the optional {@code type} claim: a token that names its type must be an access token, so
 * that a refresh token, which the issuer signs with the same key, cannot stand in for one. A token
 * without the claim is taken as an access token.
 */
final class TokenTypeClaim {
  static final String NAME = "type";
  static final String ACCESS = "access";

  private TokenTypeClaim() {}

  static void requireAccess(JWTClaimsSet claims) throws AuthenticationException {
    Object type = claims.getClaim(NAME);
    if (type == null || ACCESS.equals(type)) {
      return;
    }
    // The value is not echoed: the message names the rule, never the token's content.
    throw AuthenticationException.invalid(
        "refresh".equals(type)
            ? "it is a refresh token; only access tokens are accepted"
            : "its 'type' claim is not 'access'; only access tokens are accepted");
  }
}
