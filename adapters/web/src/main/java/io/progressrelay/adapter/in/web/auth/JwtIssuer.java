package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;

/**
 * Mints HS256 tokens that {@link JwtAuthenticator} accepts, for the CLI and for tests. Thread-safe.
 */
public final class JwtIssuer {
  private final MACSigner signer;
  private final Clock clock;

  public JwtIssuer(byte[] secret) {
    this(secret, Clock.systemUTC());
  }

  public JwtIssuer(byte[] secret, Clock clock) {
    JwtKeys.requireStrongSecret(secret);
    try {
      this.signer = new MACSigner(secret.clone());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the HS256 secret is not usable: " + e.getMessage(), e);
    }
    this.clock = clock;
  }

  /** A compact JWT for {@code user} with {@code roles}, valid for {@code ttl} from now. */
  public String issue(UserId user, Set<Role> roles, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the token lifetime must be positive, but is " + ttl);
    }
    // JWT times are whole seconds (NumericDate); truncating keeps exp exactly what is encoded.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(user.value())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    if (!roles.isEmpty()) {
      claims.claim(RolesClaim.NAME, RolesClaim.write(roles));
    }
    var header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();
    var jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return jwt.serialize();
  }
}
