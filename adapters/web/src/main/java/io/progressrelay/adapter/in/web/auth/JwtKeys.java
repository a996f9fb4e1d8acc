package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The keys tokens must be signed with, bound to the only algorithms they may be used with, so a
 * token cannot pick its own algorithm (no {@code none}, no HMAC keyed with a public key).
 */
public final class JwtKeys {
  /** The shortest HS256 secret accepted: as long as the hash, as RFC 7518 section 3.2 requires. */
  public static final int MIN_SECRET_BYTES = 32;

  private final Set<JWSAlgorithm> algorithms;
  private final JWSKeySelector<SecurityContext> selector;

  private JwtKeys(Set<JWSAlgorithm> algorithms, JWSKeySelector<SecurityContext> selector) {
    this.algorithms = Set.copyOf(algorithms);
    this.selector = selector;
  }

  /** Tokens signed with HS256 and {@code secret}, which must be at least 32 bytes long. */
  public static JwtKeys hmac(byte[] secret) {
    requireStrongSecret(secret);
    return new JwtKeys(
        Set.of(JWSAlgorithm.HS256),
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.HS256, new ImmutableSecret<>(secret.clone())));
  }

  /**
   * Tokens signed with RS256 (RSA key) or ES256 (P-256 key), verified with the public keys in
   * {@code file}: either a PEM {@code -----BEGIN PUBLIC KEY-----} block or a JWKS JSON document.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no usable RSA or P-256 public key
   */
  public static JwtKeys fromPublicKeyFile(Path file) throws IOException {
    return publicKeys(PublicKeyFiles.read(file));
  }

  /** Tokens verified with the RSA and P-256 public keys in {@code keys}; other keys are ignored. */
  public static JwtKeys publicKeys(JWKSet keys) {
    JWKSet publicKeys = keys.toPublicJWKSet();
    Set<JWSAlgorithm> algorithms = PublicKeyFiles.algorithmsFor(publicKeys);
    return new JwtKeys(
        algorithms,
        new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(publicKeys)));
  }

  static void requireStrongSecret(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      int length = secret == null ? 0 : secret.length;
      throw new IllegalArgumentException(
          "the HS256 secret must be at least "
              + MIN_SECRET_BYTES
              + " bytes (256 bits) long, but is "
              + length
              + " bytes");
    }
  }

  /** The algorithms a token may be signed with, for diagnostics. */
  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  JWSKeySelector<SecurityContext> selector() {
    return selector;
  }
}
