package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.auth.TestTokens;
import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketAuthenticationTest {
  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {ClientSocketEndpoint.PATH, ClientSocketEndpoint.API_PATH})
  void anAuthFrameWithAValidTokenAuthenticatesOnBothPaths(String path) {
    relay = SocketRelay.start();
    TestSocket socket = TestSocket.open(relay.uri(path), Map.of());

    socket.send(SocketRelay.authFrame(relay.token("alice")));

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"auth_success\",\"user_id\":\"alice\"}");
    assertThat(relay.engine().awaitSessionOf("alice").socket().userId().value()).isEqualTo("alice");
    assertThat(socket.isOpen()).isTrue();
  }

  @Test
  void theFixtureAuthFrameShapeIsAccepted() {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();
    String fixture = VuemanticsFixtures.read("client_auth.json");
    String frame =
        fixture.replaceAll("\"token\":\"[^\"]*\"", "\"token\":\"" + relay.token("bob") + "\"");

    socket.send(frame);

    assertThat(socket.nextJson().path("action").asText()).isEqualTo("auth_success");
  }

  @Test
  void aTokenInTheAuthorizationHeaderAuthenticatesAtTheUpgrade() {
    relay = SocketRelay.start();
    TestSocket socket =
        TestSocket.open(
            relay.uri(ClientSocketEndpoint.PATH),
            Map.of("Authorization", "Bearer " + relay.token("carol")));

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"auth_success\",\"user_id\":\"carol\"}");
  }

  @Test
  void aTokenInTheQueryAuthenticatesAtTheUpgradeOnTheApiPath() {
    relay = SocketRelay.start();
    TestSocket socket =
        TestSocket.open(
            relay.uri(ClientSocketEndpoint.API_PATH + "?token=" + relay.token("dave")), Map.of());

    assertThat(socket.nextJson().path("user_id").asText()).isEqualTo("dave");
  }

  @Test
  void aBadTokenAtTheUpgradeGetsAnAuthErrorAndCloses4003() {
    relay = SocketRelay.start();
    TestSocket socket =
        TestSocket.open(relay.uri(ClientSocketEndpoint.PATH + "?token=not.a.jwt"), Map.of());

    assertAuthError(socket, 4003);
    assertThat(relay.engine().sessionsOf("anyone")).isEmpty();
  }

  @Test
  void noAuthFrameInTimeCloses4001() {
    relay =
        SocketRelay.builder()
            .settings(WebSocketSettings.defaults().withAuthTimeout(Duration.ofMillis(300)))
            .start();
    TestSocket socket = relay.open();

    assertAuthError(socket, 4001);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"auth\"}",
        "{\"type\":\"auth\",\"token\":\"\"}",
        "{\"type\":\"auth\",\"token\":\"   \"}",
        "{\"type\":\"auth\",\"token\":null}"
      })
  void anAuthFrameWithoutATokenCloses4002(String frame) {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.sendUnchecked(frame);

    assertAuthError(socket, 4002);
  }

  @Test
  void anInvalidTokenCloses4003() {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.send(SocketRelay.authFrame("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));

    Closed closed = assertAuthError(socket, 4003);
    assertThat(closed.reason()).isEqualTo("invalid token");
  }

  @Test
  void anExpiredTokenCloses4003() {
    relay = SocketRelay.start();
    String token = relay.token("erin", Duration.ofMinutes(1));
    relay.clock().advance(Duration.ofMinutes(2));
    TestSocket socket = relay.open();

    socket.send(SocketRelay.authFrame(token));

    Closed closed = assertAuthError(socket, 4003);
    assertThat(closed.reason()).isEqualTo("token expired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "\"auth\""})
  void aFirstFrameThatIsNotAJsonObjectCloses4004(String frame) {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.sendUnchecked(frame);

    assertAuthError(socket, 4004);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"subscribe_upload\",\"upload_id\":\"u-1\"}",
        "{\"action\":\"ping\"}",
        "{\"type\":\"hello\",\"token\":\"x\"}"
      })
  void aFirstFrameThatIsNotAnAuthFrameCloses4004(String frame) {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.sendUnchecked(frame);

    assertAuthError(socket, 4004);
  }

  @ParameterizedTest
  @ValueSource(strings = {" x", " {}", "}"})
  void anAuthFrameFollowedByMoreContentIsNotAnAuthFrameAndCloses4004(String trailing) {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.sendUnchecked(SocketRelay.authFrame(relay.token("alice")) + trailing);

    assertAuthError(socket, 4004);
    assertThat(relay.engine().sessionsOf("alice")).isEmpty();
  }

  @Test
  void aRefreshTokenGetsAnAuthErrorAndCloses4003InvalidToken() {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();
    String refresh =
        TestTokens.hs256(
            TestRelay.SECRET,
            TestTokens.claims("alice", relay.clock().instant().plus(Duration.ofHours(1)))
                .claim("type", "refresh")
                .build());

    socket.send(SocketRelay.authFrame(refresh));

    JsonNode error = socket.nextJson();
    assertThat(error.path("action").asText()).isEqualTo("auth_error");
    assertThat(error.path("message").asText()).contains("refresh token");
    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "invalid token"));
    assertThat(relay.engine().sessionsOf("alice")).isEmpty();
  }

  @Test
  void aBinaryFirstFrameCloses4004() {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();

    socket.sendBinary(new byte[] {1, 2, 3});

    assertAuthError(socket, 4004);
  }

  @Test
  void everyAuthFailureIsCounted() {
    relay = SocketRelay.start();
    TestSocket socket = relay.open();
    socket.sendUnchecked("nope");
    socket.awaitClose();

    assertThat(relay.endpoint().stats().authFailures()).isEqualTo(1);
  }

  private static Closed assertAuthError(TestSocket socket, int code) {
    JsonNode error = socket.nextJson();
    assertThat(error.path("action").asText()).isEqualTo("auth_error");
    assertThat(error.path("message").asText()).isNotBlank();
    Closed closed = socket.awaitClose();
    assertThat(closed.code()).isEqualTo(code);
    return closed;
  }
}
