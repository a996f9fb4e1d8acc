package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.auth.BearerTokens;

/**
 * Authenticates every {@code /api} request before its handler runs, so an anonymous request is
 * refused before its body is even read.
 */
final class AuthenticationFilter implements WebComponent {
  private final Authenticator authenticator;

  AuthenticationFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.before("/api/*", this::authenticate);
  }

  private void authenticate(Context ctx) throws AuthenticationException {
    String token = BearerTokens.fromAuthorizationHeader(ctx.header("Authorization")).orElse(null);
    AuthenticatedCaller authenticated = authenticator.authenticate(token);
    RequestCaller.remember(ctx, authenticated.caller());
  }
}
