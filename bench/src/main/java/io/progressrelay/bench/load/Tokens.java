package io.progressrelay.bench.load;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/** HS256 tokens every server under test accepts: {@code sub} is the user id. */
public final class Tokens {
  private final JwtIssuer issuer;

  /** Tokens signed with {@code secret} (at least 32 bytes, the relay's minimum). */
  public Tokens(String secret) {
    this.issuer = new JwtIssuer(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** A token for an ordinary user. */
  public String user(String userId) {
    return issuer.issue(new UserId(userId), Set.of(), Duration.ofHours(2));
  }

  /** A token for the upload workers' service account, which registers uploads. */
  public String service() {
    return issuer.issue(new UserId("bench-service"), Set.of(Role.SERVICE), Duration.ofHours(2));
  }
}
