package io.progressrelay.adapter.in.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtIssuerTest {
  private static final byte[] SECRET =
      "a-shared-secret-of-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2030-06-01T10:00:00.750Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final JwtIssuer issuer = new JwtIssuer(SECRET, CLOCK);
  private final JwtAuthenticator authenticator = new JwtAuthenticator(JwtKeys.hmac(SECRET), CLOCK);

  @Test
  void anIssuedTokenIsAcceptedWithItsUserRolesAndExpiry() throws Exception {
    String token =
        issuer.issue(new UserId("svc"), Set.of(Role.SERVICE, Role.ADMIN), Duration.ofMinutes(5));

    AuthenticatedCaller authenticated = authenticator.authenticate(token);

    assertThat(authenticated.caller().userId()).isEqualTo(new UserId("svc"));
    assertThat(authenticated.caller().roles()).containsExactlyInAnyOrder(Role.SERVICE, Role.ADMIN);
    assertThat(authenticated.expiresAt()).isEqualTo(Instant.parse("2030-06-01T10:05:00Z"));
  }

  @Test
  void aTokenWithoutRolesCarriesNoRolesClaim() throws Exception {
    String token = issuer.issue(new UserId("alice"), Set.of(), Duration.ofMinutes(5));

    var claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getClaim("roles")).isNull();
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    assertThat(authenticator.authenticate(token).caller().roles()).isEmpty();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new JwtIssuer("too-short".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void aLifetimeMustBePositive() {
    assertThatThrownBy(() -> issuer.issue(new UserId("alice"), Set.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
