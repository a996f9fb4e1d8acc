package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.auth.BearerTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the text a Prometheus server scrapes, open to anyone unless a token is
 * configured, in which case the scraper must send it as {@code Authorization: Bearer <token>}.
 */
public final class MetricsRoutes implements WebComponent {
  public static final String PATH = "/metrics";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> scrape;
  private final Optional<byte[]> token;

  /**
   * @param scrape renders every meter in the Prometheus text format
   * @param token the bearer token scrapers must send; empty leaves the endpoint open
   */
  public MetricsRoutes(Supplier<String> scrape, Optional<String> token) {
    this.scrape = Objects.requireNonNull(scrape, "scrape");
    this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get(PATH, this::serve);
  }

  private void serve(Context ctx) throws AuthenticationException {
    if (token.isPresent()) {
      authorize(ctx.header("Authorization"));
    }
    ctx.contentType(CONTENT_TYPE).result(scrape.get());
  }

  private void authorize(String header) throws AuthenticationException {
    String presented =
        BearerTokens.fromAuthorizationHeader(header).orElseThrow(AuthenticationException::missing);
    // Constant-time, so the answer's timing does not tell how much of a guess was right.
    if (!MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
      throw AuthenticationException.invalid("it is not the metrics token");
    }
  }
}
