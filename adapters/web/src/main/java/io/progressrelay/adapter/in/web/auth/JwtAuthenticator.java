package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.UserId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Accepts JWTs signed with the configured {@link JwtKeys}: {@code sub} is the user id, {@code exp}
 * is required, {@code roles} is optional, a {@code type} claim, when present, must be {@code
 * access}, and 30 seconds of clock skew are tolerated. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {
  /**
   * How far the issuer's clock may be off from ours when {@code exp} and {@code nbf} are checked.
   */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final ConfigurableJWTProcessor<SecurityContext> processor;
  private final Clock clock;

  public JwtAuthenticator(JwtKeys keys) {
    this(keys, Clock.systemUTC());
  }

  public JwtAuthenticator(JwtKeys keys, Clock clock) {
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(keys.selector());
    // Time claims are checked below with our clock, so EXPIRED can be told apart from INVALID.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
  }

  @Override
  public AuthenticatedCaller authenticate(String bearerToken) throws AuthenticationException {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw AuthenticationException.missing();
    }
    JWTClaimsSet claims = verifiedClaims(bearerToken);
    TokenTypeClaim.requireAccess(claims);
    Instant expiresAt = requireCurrent(claims);
    Caller caller = new Caller(subject(claims), RolesClaim.read(claims));
    return new AuthenticatedCaller(caller, expiresAt);
  }

  private JWTClaimsSet verifiedClaims(String token) throws AuthenticationException {
    try {
      return processor.process(token, null);
    } catch (ParseException e) {
      throw AuthenticationException.invalid("it is not a well-formed signed JWT");
    } catch (BadJOSEException | JOSEException e) {
      throw AuthenticationException.invalid("its algorithm or signature is not accepted");
    }
  }

  private Instant requireCurrent(JWTClaimsSet claims) throws AuthenticationException {
    Date expiration = claims.getExpirationTime();
    if (expiration == null) {
      throw AuthenticationException.invalid("it has no 'exp' claim");
    }
    Instant now = clock.instant();
    Instant expiresAt = expiration.toInstant();
    if (now.isAfter(expiresAt.plus(CLOCK_SKEW))) {
      throw AuthenticationException.expired();
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
      throw AuthenticationException.invalid("it is not valid yet ('nbf')");
    }
    return expiresAt;
  }

  private static UserId subject(JWTClaimsSet claims) throws AuthenticationException {
    String subject = claims.getSubject();
    if (subject == null) {
      throw AuthenticationException.invalid("it has no 'sub' claim");
    }
    try {
      return new UserId(subject);
    } catch (InvalidValueException e) {
      throw AuthenticationException.invalid("its 'sub' claim is not a valid user id");
    }
  }
}
