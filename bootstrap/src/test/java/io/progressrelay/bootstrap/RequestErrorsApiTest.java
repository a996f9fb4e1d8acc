package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What bad requests get, over real HTTP against the relay wired to real PostgreSQL. */
class RequestErrorsApiTest {
  private static RelayUnderTest relay;
  private static ApiClient api;
  private static String worker;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("RequestErrorsApiTest", Map.of());
    api = relay.api;
    worker = relay.tokenFor("worker", Role.SERVICE);
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  @Test
  void noTokenGets401WithABearerChallenge() {
    var answer = api.get("/api/subscriptions", null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorCode()).isEqualTo("unauthorized");
    assertThat(answer.response().headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
  }

  @Test
  void anExpiredTokenGets401SayingItExpired() {
    Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    String expired =
        new JwtIssuer(RelayUnderTest.SECRET.getBytes(StandardCharsets.UTF_8), anHourAgo)
            .issue(new UserId("alice"), Set.of(), Duration.ofMinutes(5));

    var answer = api.get("/api/subscriptions", expired);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorMessage()).containsIgnoringCase("expired");
  }

  @Test
  void aTokenSignedWithAnotherSecretGets401() {
    String forged =
        new JwtIssuer("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
            .issue(new UserId("alice"), Set.of(Role.ADMIN), Duration.ofMinutes(5));

    var answer = api.get("/api/subscriptions", forged);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).doesNotContain(forged);
  }

  @Test
  void anAnonymousRequestWithABadBodyGets401NotABodyError() {
    assertThat(api.put("/api/uploads/e-1", null, "{not json").status()).isEqualTo(401);
  }

  @Test
  void anInvalidIdInThePathGets400NamingTheField() {
    var answer = api.put("/api/uploads/bad%20id", worker, "{\"ownerId\":\"alice\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorField()).isEqualTo("uploadId");
    assertThat(answer.errorMessage()).contains("[A-Za-z0-9_.:-]");
  }

  @Test
  void malformedJsonGets400() {
    var answer = api.put("/api/uploads/e-2", worker, "{\"ownerId\": ");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorCode()).isEqualTo("invalid_json");
  }

  @Test
  void aMissingOrInvalidFieldGets400NamingIt() {
    var missing = api.put("/api/uploads/e-3", worker, "{}");
    var invalid = api.put("/api/uploads/e-3", worker, "{\"ownerId\":\"a/b\"}");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorField()).isEqualTo("ownerId");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.errorField()).isEqualTo("ownerId");
  }

  @Test
  void aBodyThatIsNotJsonGets415() {
    var answer =
        api.send(
            "PUT",
            "/api/uploads/e-4",
            worker,
            "text/plain",
            BodyPublishers.ofString("{\"ownerId\":\"alice\"}"));

    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.errorCode()).isEqualTo("unsupported_media_type");
  }

  @Test
  void aBodyDeclaredOverOneMebibyteGets413BeforeItIsSent() throws Exception {
    String statusLine =
        api.statusLineForDeclaredLength("PUT", "/api/uploads/e-5", worker, 1024 * 1024 + 1);

    assertThat(statusLine).isEqualTo("HTTP/1.1 413 Payload Too Large");
  }

  @Test
  void anUnknownRouteGetsAJson404() {
    var answer = api.get("/api/nothing-here", worker);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("not_found");
  }
}
