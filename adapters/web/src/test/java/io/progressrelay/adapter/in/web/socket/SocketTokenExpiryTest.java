package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a socket's token expires: never for the old relay's protocol unless the operator asks, at
 * exp for progress-relay.v2 unless the client refreshed its token on the socket. The relay's clock
 * is moved by hand; pings every 100 ms check it.
 */
class SocketTokenExpiryTest {
  private static final Duration PING_INTERVAL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  private static SocketRelay.Builder pingingOften() {
    return SocketRelay.builder()
        .settings(WebSocketSettings.defaults().withPingInterval(PING_INTERVAL));
  }

  @Test
  void anOldProtocolSocketOutlivesItsTokenByDefault() {
    relay = pingingOften().start();
    TestSocket socket = relay.open();
    socket.send(SocketRelay.authFrame(relay.token("alice", Duration.ofSeconds(1))));
    assertThat(socket.nextJson().path("action").asText()).isEqualTo("auth_success");

    // Past exp on the relay's clock, and past it in real time too: no timer and no check closes it.
    relay.clock().advance(Duration.ofHours(1));
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(socket::isOpen);

    socket.send("{\"action\":\"ping\"}");
    assertThat(nextAnswer(socket)).isEqualTo("{\"action\":\"pong\"}");
    assertThat(relay.endpoint().stats().tokenExpiries()).isZero();
    assertThat(relay.engine().sessionsOf("alice")).hasSize(1);
  }

  @Test
  void anOldProtocolSocketIsClosedAtExpWhenTheOperatorAsksForIt() {
    relay = pingingOften().v1Options(new V1SocketOptions(true, false)).start();
    TestSocket socket = relay.openAs("alice");

    relay.clock().advance(Duration.ofHours(2));

    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "token expired"));
    assertThat(relay.endpoint().stats().tokenExpiries()).isEqualTo(1);
  }

  @Test
  void aV2SocketIsClosedWith4003AtExpWhenItsTokenWasNotRefreshed() {
    relay = pingingOften().start();
    TestSocket socket = relay.openV2As(relay.token("alice"));

    relay.clock().advance(Duration.ofMinutes(59));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(socket::isOpen);
    relay.clock().advance(Duration.ofMinutes(1));

    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "token expired"));
    assertThat(relay.endpoint().stats().tokenExpiries()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.engine().sessionsOf("alice").isEmpty());
  }

  @Test
  void aV2SocketIsClosedAtExpByItsTimerWithoutWaitingForAPing() {
    relay = SocketRelay.start(); // pings every 30 s: only the expiry timer can close it in time
    TestSocket socket = relay.openV2As(relay.token("alice", Duration.ofSeconds(1)));
    relay.clock().advance(Duration.ofSeconds(1));

    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "token expired"));
  }

  @Test
  void aV2SocketRefreshesItsTokenInBandAndOutlivesTheFirstExp() {
    relay = pingingOften().start();
    TestSocket socket = relay.openV2As(relay.token("alice"));

    socket.send(SocketRelay.authFrame(relay.token("alice", Duration.ofHours(3))));

    assertThat(nextAnswer(socket))
        .isEqualTo("{\"action\":\"token_refreshed\",\"expires_at\":\"2030-01-01T15:00:00Z\"}");
    relay.clock().advance(Duration.ofHours(2));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(socket::isOpen);
    socket.send("{\"action\":\"ping\"}");
    assertThat(nextAnswer(socket)).isEqualTo("{\"action\":\"pong\"}");

    relay.clock().advance(Duration.ofHours(1));
    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "token expired"));
  }

  @Test
  void aV2RefreshWithAnotherUsersTokenIsRefusedAndChangesNothing() {
    relay = pingingOften().start();
    relay.registerUpload("u-bob", "bob");
    TestSocket socket = relay.openV2As(relay.token("alice"));

    socket.send(SocketRelay.authFrame(relay.token("bob", Duration.ofHours(3))));

    JsonNode refusal = json(nextAnswer(socket));
    assertThat(refusal.path("action").asText()).isEqualTo("error");
    assertThat(refusal.path("code").asText()).isEqualTo("token_rejected");
    assertThat(refusal.path("message").asText()).contains("another user");
    // Still alice: bob's upload is not hers to follow.
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-bob\"}");
    assertThat(json(nextAnswer(socket)).path("code").asText()).isEqualTo("not_found");
    relay.clock().advance(Duration.ofHours(1));
    assertThat(socket.awaitClose()).isEqualTo(new Closed(4003, "token expired"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid", "expired", "blank"})
  void aV2RefreshWithABadTokenIsRefusedAndTheSocketStaysOpenUntilExp(String kind) {
    relay = pingingOften().start();
    String expired = relay.token("alice", Duration.ofSeconds(1));
    relay.clock().advance(Duration.ofSeconds(2));
    TestSocket socket = relay.openV2As(relay.token("alice"));
    String offered =
        switch (kind) {
          case "invalid" -> "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
          case "expired" -> expired;
          default -> " ";
        };

    socket.sendUnchecked(SocketRelay.authFrame(offered));

    JsonNode refusal = json(nextAnswer(socket));
    assertThat(refusal.path("code").asText()).isEqualTo("token_rejected");
    assertThat(refusal.path("message").asText()).isNotBlank();
    if (!offered.isBlank()) {
      assertThat(refusal.path("message").asText()).doesNotContain(offered);
    }
    assertThat(socket.isOpen()).isTrue();
    relay.clock().advance(Duration.ofHours(1));
    assertThat(socket.awaitClose().code()).isEqualTo(4003);
  }

  @Test
  void anAuthFrameOnAnOpenOldProtocolSocketRefreshesNothing() {
    relay = pingingOften().start();
    TestSocket socket = relay.openAs("alice");

    socket.send(SocketRelay.authFrame(relay.token("alice", Duration.ofHours(3))));

    assertThat(nextAnswer(socket))
        .isEqualTo(
            "{\"action\":\"error\",\"code\":\"already_authenticated\","
                + "\"message\":\"this connection is already authenticated\"}");
  }

  // The next frame that is not one of the relay's frequent pings.
  private static String nextAnswer(TestSocket socket) {
    String frame;
    do {
      frame = socket.nextFrame();
    } while (frame.equals("{\"action\":\"ping\"}"));
    return frame;
  }

  private static JsonNode json(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + frame, e);
    }
  }
}
