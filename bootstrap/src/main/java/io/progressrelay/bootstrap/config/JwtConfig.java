package io.progressrelay.bootstrap.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How tokens are verified: an HS256 shared secret, or a public key (PEM or JWKS) for RS256/ES256.
 * Exactly one of the two is present.
 */
public record JwtConfig(Optional<byte[]> secret, Optional<Path> publicKeyFile, boolean devSecret) {
  /**
   * The secret used when none is configured. It is public, so anyone can mint tokens with it: the
   * relay warns loudly when it is in use and refuses it in production.
   */
  public static final String DEVELOPMENT_SECRET =
      "progress-relay-development-secret-never-use-in-production";

  /** The shortest HS256 secret accepted: 256 bits, as RFC 7518 requires. */
  public static final int MIN_SECRET_BYTES = 32;

  static JwtConfig developmentSecret() {
    return new JwtConfig(
        Optional.of(DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8)), Optional.empty(), true);
  }
}
