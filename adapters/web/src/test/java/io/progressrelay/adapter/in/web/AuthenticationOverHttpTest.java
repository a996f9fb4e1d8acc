package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.auth.TestTokens;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationOverHttpTest {
  private TestRelay relay;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void aRequestWithoutATokenIsUnauthorizedWithABearerChallenge() {
    ApiResponse response = relay.anonymous().get("/api/subscriptions");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("unauthorized");
    assertThat(response.errorMessage()).contains("no bearer token");
    assertThat(response.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void aRequestWithAnotherSchemeCountsAsMissingAToken() {
    var request =
        relay.anonymous().request("/api/subscriptions").header("Authorization", "Basic YTpi");

    ApiResponse response = relay.anonymous().send(request.GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorMessage()).contains("no bearer token");
  }

  @Test
  void aGarbledTokenIsUnauthorizedAndNotEchoed() {
    String garbage = "not.a-real.token-value-1234";

    ApiResponse response = new ApiClient(relay.baseUri(), garbage).get("/api/subscriptions");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorMessage()).contains("invalid");
    assertThat(response.body()).doesNotContain(garbage);
    assertThat(response.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  @Test
  void aTokenSignedWithAnotherSecretIsUnauthorized() {
    String forged =
        new JwtIssuer("another-secret-that-is-long-enough-too".getBytes(StandardCharsets.UTF_8))
            .issue(new UserId("alice"), Set.of(Role.ADMIN), Duration.ofHours(1));

    ApiResponse response = new ApiClient(relay.baseUri(), forged).get("/api/subscriptions");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorMessage()).contains("invalid");
  }

  @Test
  void anExpiredTokenIsUnauthorizedSayingSo() {
    String token = relay.token("alice");
    relay.clock().advance(Duration.ofHours(2));
    try {
      ApiResponse response = new ApiClient(relay.baseUri(), token).get("/api/subscriptions");

      assertThat(response.status()).isEqualTo(401);
      assertThat(response.errorMessage()).contains("expired");
      assertThat(response.body()).doesNotContain(token);
    } finally {
      relay.clock().advance(Duration.ofHours(-2));
    }
  }

  @Test
  void aRefreshTokenIsUnauthorizedSayingOnlyAccessTokensAreAccepted() {
    String refresh =
        TestTokens.hs256(
            TestRelay.SECRET,
            TestTokens.claims("alice", relay.clock().instant().plus(Duration.ofHours(1)))
                .claim("type", "refresh")
                .build());

    ApiResponse response = new ApiClient(relay.baseUri(), refresh).get("/api/subscriptions");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("unauthorized");
    assertThat(response.errorMessage())
        .isEqualTo(
            "the bearer token is invalid: it is a refresh token; only access tokens are accepted");
    assertThat(response.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  @Test
  void anAccessTokenThatSaysSoIsAccepted() {
    String access =
        TestTokens.hs256(
            TestRelay.SECRET,
            TestTokens.claims("alice", relay.clock().instant().plus(Duration.ofHours(1)))
                .claim("type", "access")
                .build());

    assertThat(new ApiClient(relay.baseUri(), access).get("/api/subscriptions").status())
        .isEqualTo(200);
  }

  @Test
  void anAnonymousRequestWithABadBodyIsUnauthorizedNotBadRequest() {
    var request =
        relay
            .anonymous()
            .request("/api/uploads/u1")
            .header("Content-Type", "text/plain")
            .PUT(BodyPublishers.ofString("{not json"));

    assertThat(relay.anonymous().send(request).status()).isEqualTo(401);
  }

  @Test
  void healthEndpointsNeedNoToken() {
    assertThat(relay.anonymous().get("/healthz").status()).isEqualTo(200);
    assertThat(relay.anonymous().get("/readyz").status()).isEqualTo(200);
  }

  @Test
  void aValidTokenIsAccepted() {
    assertThat(relay.as("alice").get("/api/subscriptions").status()).isEqualTo(200);
  }
}
