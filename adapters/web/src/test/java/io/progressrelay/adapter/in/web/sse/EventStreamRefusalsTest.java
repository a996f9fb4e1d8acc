package io.progressrelay.adapter.in.web.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.auth.TestTokens;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.application.service.fanout.FanOutSettings;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before a stream starts answer the API's JSON errors with their status, and are
 * counted by why; nothing of a stream is written.
 */
class EventStreamRefusalsTest {
  private StreamRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  private SseClient get(String query, Map<String, String> headers) {
    return SseClient.open(relay.eventsUri(query), headers);
  }

  @Test
  void aRequestWithoutTokenIsRefusedWith401AndAChallenge() {
    relay = StreamRelay.start();

    SseClient refused = get("", Map.of());

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"progress-relay\"");
    assertThat(refused.error().path("code").asText()).isEqualTo("unauthorized");
    assertThat(refused.error().path("message").asText())
        .isEqualTo("the request carries no bearer token");
    assertThat(relay.endpoint().stats().authFailures()).isEqualTo(1);
    assertThat(relay.endpoint().stats().opened()).isZero();
  }

  @Test
  void anInvalidTokenIsRefusedWith401InvalidToken() {
    relay = StreamRelay.start();

    SseClient refused = get("token=not-a-jwt", Map.of());

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"progress-relay\", error=\"invalid_token\"");
    assertThat(refused.error().path("message").asText()).startsWith("the bearer token is invalid");
  }

  @Test
  void anExpiredTokenIsRefusedWith401Expired() {
    relay = StreamRelay.start();
    Instant past = relay.clock().instant().minusSeconds(120);
    String expired = TestTokens.hs256(TestRelay.SECRET, TestTokens.claims("alice", past).build());

    SseClient refused = get("", Map.of("Authorization", "Bearer " + expired));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error().path("message").asText()).isEqualTo("the bearer token has expired");
  }

  @Test
  void aTokenWithinTheClockSkewButPastItsExpiryIsRefused() {
    relay = StreamRelay.start();
    Instant justPast = relay.clock().instant().minusSeconds(5);
    String expired =
        TestTokens.hs256(TestRelay.SECRET, TestTokens.claims("alice", justPast).build());

    SseClient refused = get("token=" + expired, Map.of());

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error().path("message").asText()).isEqualTo("the bearer token has expired");
  }

  @Test
  void theHeaderTokenWinsOverTheQueryToken() {
    relay = StreamRelay.start();

    try (SseClient stream =
        get("token=not-a-jwt", Map.of("Authorization", "Bearer " + relay.token("alice")))) {
      assertThat(stream.status()).isEqualTo(200);
    }
  }

  @Test
  void anOriginOutsideTheAllowListIsRefusedWith403() {
    relay =
        StreamRelay.builder()
            .settings(
                WebSocketSettings.defaults().withAllowedOrigins(Set.of("https://app.example")))
            .start();

    SseClient refused =
        get("token=" + relay.token("alice"), Map.of("Origin", "https://evil.example"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error().path("code").asText()).isEqualTo("forbidden");
    assertThat(refused.error().path("message").asText()).isEqualTo("origin not allowed");
    assertThat(relay.endpoint().stats().originRejections()).isEqualTo(1);
  }

  @Test
  void anAllowedOriginIsToldItMayReadTheStream() {
    relay =
        StreamRelay.builder()
            .settings(
                WebSocketSettings.defaults().withAllowedOrigins(Set.of("https://app.example")))
            .start();

    try (SseClient stream =
        get("token=" + relay.token("alice"), Map.of("Origin", "https://app.example"))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Access-Control-Allow-Origin"))
          .contains("https://app.example");
    }
  }

  @Test
  void aPreflightFromAnAllowedOriginMaySendTheHeadersOfAReconnect() {
    relay =
        StreamRelay.builder()
            .settings(
                WebSocketSettings.defaults().withAllowedOrigins(Set.of("https://app.example")))
            .start();

    SseClient allowed =
        SseClient.send(
            HttpRequest.newBuilder(relay.eventsUri(""))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id"));
    SseClient refused =
        SseClient.send(
            HttpRequest.newBuilder(relay.eventsUri(""))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET"));

    assertThat(allowed.status()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(headers -> assertThat(headers).contains("Last-Event-ID"));
    assertThat(refused.status()).isEqualTo(403);
  }

  @Test
  void aClientThatDoesNotAcceptEventStreamsIsRefusedWith406() {
    relay = StreamRelay.start();

    SseClient refused = get("token=" + relay.token("alice"), Map.of("Accept", "application/json"));

    assertThat(refused.status()).isEqualTo(406);
    assertThat(refused.error().path("code").asText()).isEqualTo("not_acceptable");
    assertThat(relay.endpoint().stats().notAcceptable()).isEqualTo(1);
  }

  @Test
  void aClientThatSendsNoAcceptHeaderGetsTheStream() {
    relay = StreamRelay.start();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(relay.eventsUri("token=" + relay.token("alice"))).GET();

    try (SseClient stream = SseClient.send(request)) {
      assertThat(stream.status()).isEqualTo(200);
    }
  }

  @Test
  void anUnparsableLastEventIdIsRefusedWith400NamingTheHeader() {
    relay = StreamRelay.start();

    SseClient refused =
        get("token=" + relay.token("alice"), Map.of("Last-Event-ID", "not a position"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error().path("code").asText()).isEqualTo("invalid_value");
    assertThat(refused.error().path("field").asText()).isEqualTo("Last-Event-ID");
    assertThat(relay.endpoint().stats().invalidPositions()).isEqualTo(1);
  }

  @Test
  void anUnparsableSinceParameterIsRefusedWith400NamingIt() {
    relay = StreamRelay.start();

    SseClient refused = get("token=" + relay.token("alice") + "&since=12", Map.of());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error().path("field").asText()).isEqualTo("since");
  }

  @Test
  void aConnectionAboveTheUsersLimitIsRefusedWith429() {
    relay =
        StreamRelay.builder().fanOut(FanOutSettings.DEFAULT.withMaxConnectionsPerUser(1)).start();

    try (SseClient first = relay.streamAs("alice")) {
      SseClient refused = get("token=" + relay.token("alice"), Map.of());

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(refused.error().path("code").asText()).isEqualTo("connection_limit");
      assertThat(refused.error().path("message").asText()).contains("at most 1");
      assertThat(relay.endpoint().stats().connectionLimitRejections()).isEqualTo(1);
      assertThat(first.hasEnded()).isFalse();
    }
  }

  @Test
  void aStreamIsRefusedWith503WhileTheSubscriptionsCannotBeRead() {
    relay =
        StreamRelay.builder()
            .subscriptions(
                real ->
                    (caller, page) -> {
                      throw new StorageUnavailableException("database down", null);
                    })
            .start();

    SseClient refused = get("token=" + relay.token("alice"), Map.of());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.error().path("code").asText()).isEqualTo("storage_unavailable");
    assertThat(refused.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void anUnexpectedFailureBeforeTheStreamIsA500WithoutDetails() {
    relay =
        StreamRelay.builder()
            .subscriptions(
                real ->
                    (caller, page) -> {
                      throw new IllegalStateException("a bug");
                    })
            .start();

    SseClient refused = get("token=" + relay.token("alice"), Map.of());

    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.error().path("code").asText()).isEqualTo("internal");
    assertThat(refused.body()).doesNotContain("a bug");
  }

  @Test
  void aStoppingRelayRefusesNewStreamsWith503() {
    relay = StreamRelay.start();
    relay.endpoint().beforeStop();

    SseClient refused = get("token=" + relay.token("alice"), Map.of());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.error().path("code").asText()).isEqualTo("restarting");
  }
}
