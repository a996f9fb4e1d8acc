package io.progressrelay.adapter.in.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.progressrelay.adapter.in.web.auth.AuthenticationException.Reason;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtAuthenticatorTest {
  private static final byte[] SECRET =
      "a-shared-secret-of-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2030-06-01T10:00:00Z");

  private final JwtAuthenticator authenticator =
      new JwtAuthenticator(JwtKeys.hmac(SECRET), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aValidTokenNamesTheCallerAndItsExpiry() throws Exception {
    Instant exp = NOW.plusSeconds(600);

    AuthenticatedCaller authenticated = authenticator.authenticate(hs256(claims("alice", exp)));

    assertThat(authenticated.caller().userId()).isEqualTo(new UserId("alice"));
    assertThat(authenticated.caller().roles()).isEmpty();
    assertThat(authenticated.expiresAt()).isEqualTo(exp);
  }

  @Test
  void knownRolesAreReadAndUnknownOnesIgnored() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("svc", NOW.plusSeconds(60)))
            .claim("roles", List.of("service", "admin", "superuser"))
            .build();

    assertThat(authenticator.authenticate(hs256(claims)).caller().roles())
        .containsExactlyInAnyOrder(Role.SERVICE, Role.ADMIN);
  }

  @Test
  void rolesThatAreNotAnArrayMakeTheTokenInvalid() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("svc", NOW.plusSeconds(60)))
            .claim("roles", "admin")
            .build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void aRefreshTokenIsInvalidSayingSo() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(60)))
            .claim("type", "refresh")
            .build();

    assertThatThrownBy(() -> authenticator.authenticate(hs256(claims)))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
        .hasMessage(
            "the bearer token is invalid: it is a refresh token; only access tokens are accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Access", "id", ""})
  void aTypeClaimOtherThanAccessMakesTheTokenInvalid(String type) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(60))).claim("type", type).build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void aTypeClaimThatIsNotAStringMakesTheTokenInvalid() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(60))).claim("type", 1).build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void anAccessTokenIsAccepted() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(60)))
            .claim("type", "access")
            .build();

    assertThat(authenticator.authenticate(hs256(claims)).caller().userId())
        .isEqualTo(new UserId("alice"));
  }

  @Test
  void aTokenExpiredBeyondTheSkewIsExpired() {
    assertRejected(
        () -> authenticator.authenticate(hs256(claims("alice", NOW.minusSeconds(31)))),
        Reason.EXPIRED);
  }

  @Test
  void aTokenExpiredWithinTheSkewIsStillAccepted() throws Exception {
    assertThat(authenticator.authenticate(hs256(claims("alice", NOW.minusSeconds(29)))))
        .isNotNull();
  }

  @Test
  void aTokenNotValidYetBeyondTheSkewIsInvalid() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(600)))
            .notBeforeTime(Date.from(NOW.plusSeconds(60)))
            .build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void aTokenSignedWithAnotherSecretIsInvalid() {
    String token =
        TestTokens.hs256(
            "another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8),
            claims("alice", NOW.plusSeconds(60)));

    assertRejected(() -> authenticator.authenticate(token), Reason.INVALID);
  }

  @Test
  void aTokenWithoutExpiryIsInvalid() {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void aTokenWithoutSubjectIsInvalid() {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build();

    assertRejected(() -> authenticator.authenticate(hs256(claims)), Reason.INVALID);
  }

  @Test
  void aSubjectThatIsNotAValidUserIdIsInvalid() {
    assertRejected(
        () -> authenticator.authenticate(hs256(claims("alice smith", NOW.plusSeconds(60)))),
        Reason.INVALID);
  }

  @Test
  void anUnsignedTokenIsInvalid() {
    String token = TestTokens.unsigned(claims("alice", NOW.plusSeconds(60)));

    assertRejected(() -> authenticator.authenticate(token), Reason.INVALID);
  }

  @Test
  void aTokenThatIsNotAJwtIsInvalid() {
    assertRejected(() -> authenticator.authenticate("definitely-not-a-jwt"), Reason.INVALID);
  }

  @Test
  void anAbsentOrBlankTokenIsMissing() {
    assertRejected(() -> authenticator.authenticate(null), Reason.MISSING);
    assertRejected(() -> authenticator.authenticate("  "), Reason.MISSING);
  }

  @Test
  void theMessageNeverContainsTheToken() {
    String token = hs256(claims("alice smith", NOW.plusSeconds(60)));

    assertThatThrownBy(() -> authenticator.authenticate(token))
        .hasMessageNotContaining(token)
        .hasMessageNotContaining("alice smith");
  }

  @Test
  void aSecretShorterThanThirtyTwoBytesIsRefused() {
    assertThatThrownBy(() -> JwtKeys.hmac(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }

  static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static JWTClaimsSet claims(String sub, Instant exp) {
    return TestTokens.claims(sub, exp).build();
  }

  private static String hs256(JWTClaimsSet claims) {
    return TestTokens.hs256(SECRET, claims);
  }
}
