package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.auth.BearerTokens;

/**
 * Authenticates every {@code /api} request before its handler runs, so an anonymous request is
 * refused before its body is even read. The WebSocket path under {@code /api} is left alone: its
 * token may come in the first frame, and the socket endpoint authenticates it itself. The contract
 * documents (OpenAPI, AsyncAPI and the frame schemas) are public too.
 */
final class AuthenticationFilter implements WebComponent {
  // ClientSocketEndpoint.API_PATH, spelled out so this package does not depend on the socket
  // package that depends on it. Jetty's exact servlet mapping already routes that path past
  // Javalin; the skip keeps the filter correct should the endpoint ever move into Javalin's router.
  private static final String SOCKET_PATH = "/api/ws/uploads";

  private final Authenticator authenticator;

  AuthenticationFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.before("/api/*", this::authenticate);
  }

  private void authenticate(Context ctx) throws AuthenticationException {
    if (ctx.path().equals(SOCKET_PATH)
        || ctx.path().equals(OpenApiRoutes.PATH)
        || ctx.path().equals(AsyncApiRoutes.PATH)
        || ctx.path().startsWith(AsyncApiRoutes.SCHEMAS_PREFIX)) {
      return;
    }
    String token = BearerTokens.fromAuthorizationHeader(ctx.header("Authorization")).orElse(null);
    AuthenticatedCaller authenticated = authenticator.authenticate(token);
    RequestCaller.remember(ctx, authenticated.caller());
  }
}
