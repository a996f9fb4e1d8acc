package io.progressrelay.demo.simulator;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens the simulator presents to the relay: a service token to register uploads, and, when it
 * knows the relay's HS256 secret, tokens for the simulated users so they can follow their uploads.
 * Thread-safe.
 */
public final class SimulationTokens {
  private static final Duration USER_TOKEN_TTL = Duration.ofHours(24);

  private final String serviceToken;
  private final Optional<JwtIssuer> issuer;
  private final Map<String, String> userTokens = new ConcurrentHashMap<>();

  private SimulationTokens(String serviceToken, Optional<JwtIssuer> issuer) {
    this.serviceToken = serviceToken;
    this.issuer = issuer;
  }

  /** Mints every token with {@code issuer}, the service token too. */
  public static SimulationTokens minted(JwtIssuer issuer) {
    String service = issuer.issue(new UserId("simulator"), Set.of(Role.SERVICE), USER_TOKEN_TTL);
    return new SimulationTokens(service, Optional.of(issuer));
  }

  /** A given service token, and user tokens minted with {@code issuer} when present. */
  public static SimulationTokens given(String serviceToken, Optional<JwtIssuer> issuer) {
    return new SimulationTokens(serviceToken, issuer);
  }

  public String service() {
    return serviceToken;
  }

  /** A token for {@code user}, or empty when no secret is known to mint one. */
  public Optional<String> user(String user) {
    return issuer.map(
        mint ->
            userTokens.computeIfAbsent(
                user, id -> mint.issue(new UserId(id), Set.of(), USER_TOKEN_TTL)));
  }
}
