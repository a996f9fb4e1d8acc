package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.NodeWebSocketClient.Session;
import io.progressrelay.application.port.out.DisconnectReason;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every close the relay starts completes the close handshake, as a WHATWG client (Node's built-in
 * WebSocket) sees it: the code and reason arrive and {@code wasClean} is true, for the codes Jetty
 * waits for by itself (4001-4004, 4008) as for those it would drop the connection on (1001, 1008,
 * 1009, 1012).
 */
class SocketCloseHandshakeTest {
  private static final String PONG = "{\"action\":\"pong\"}";

  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void aBadTokenReachesTheClientAsAuthErrorThenAClean4003() {
    relay = SocketRelay.start();

    Session session =
        NodeWebSocketClient.run(
            relay.uri(ClientSocketEndpoint.PATH), SocketRelay.authFrame("not.a.jwt"));

    assertThat(session.messages()).as(session.output()).hasSize(1);
    assertThat(session.messages().get(0)).startsWith("{\"action\":\"auth_error\"");
    assertCleanClose(session, 4003, "invalid token");
  }

  @Test
  void noAuthFrameInTimeEndsInAClean4001() {
    relay = relayWith(WebSocketSettings.defaults().withAuthTimeout(Duration.ofMillis(200)));

    Session session = NodeWebSocketClient.run(relay.uri(ClientSocketEndpoint.PATH));

    assertThat(session.messages()).singleElement().asString().contains("auth_error");
    assertCleanClose(session, 4001, "authentication timeout");
  }

  @Test
  void aFloodEndsInAClean1008EvenWithFramesStillOnTheirWay() {
    relay = SocketRelay.start();
    String[] frames = new String[3000];
    Arrays.fill(frames, PONG);
    frames[0] = SocketRelay.authFrame(relay.token("alice"));

    Session session = NodeWebSocketClient.run(relay.uri(ClientSocketEndpoint.PATH), frames);

    assertCleanClose(session, 1008, "rate limit");
  }

  @Test
  void aMessageAboveTheSizeLimitEndsInAClean1009() {
    relay = SocketRelay.start();
    String tooLarge = "x".repeat(WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES + 1);

    Session session =
        NodeWebSocketClient.runUnchecked(
            relay.uri(ClientSocketEndpoint.PATH),
            SocketRelay.authFrame(relay.token("alice")),
            tooLarge);

    assertCleanClose(
        session,
        1009,
        "text message larger than " + WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES + " bytes");
  }

  @Test
  void silenceEndsInAClean1001() {
    relay = relayWith(WebSocketSettings.defaults().withIdleTimeout(Duration.ofMillis(300)));

    Session session =
        NodeWebSocketClient.run(
            relay.uri(ClientSocketEndpoint.PATH), SocketRelay.authFrame(relay.token("alice")));

    assertCleanClose(session, 1001, "idle timeout");
  }

  @Test
  void aSlowConsumerDisconnectFromTheEngineEndsInAClean4008() {
    relay = SocketRelay.start();
    NodeWebSocketClient client =
        NodeWebSocketClient.start(
            relay.uri(ClientSocketEndpoint.PATH), SocketRelay.authFrame(relay.token("alice")));

    relay.engine().awaitSessionOf("alice").socket().disconnect(DisconnectReason.SLOW_CONSUMER);

    assertCleanClose(client.awaitClose(), 4008, "slow consumer: reconnect");
  }

  @Test
  void aStopEndsInAClean1012() {
    relay = SocketRelay.start();
    NodeWebSocketClient client =
        NodeWebSocketClient.start(
            relay.uri(ClientSocketEndpoint.PATH), SocketRelay.authFrame(relay.token("alice")));
    relay.engine().awaitSessionOf("alice");

    relay.close();

    assertCleanClose(client.awaitClose(), 1012, "service restart");
  }

  @Test
  void aClientThatNeverAnswersTheCloseIsDroppedAfterTheGracePeriod() {
    relay =
        relayWith(
            WebSocketSettings.defaults()
                .withAuthTimeout(Duration.ofMillis(100))
                .withCloseGrace(Duration.ofMillis(300)));

    try (FrameSocket socket =
        FrameSocket.openNeverAnsweringClose(relay.uri(ClientSocketEndpoint.PATH))) {
      assertThat(socket.awaitClose().getCode()).isEqualTo(4001);

      // Jetty alone would wait for the answer as long as its idle timeout (here 150 s).
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> relay.endpoint().stats().openConnections() == 0);
    }
  }

  @Test
  void aClientThatAnswersTheCloseIsReleasedWithoutWaitingForTheGracePeriod() {
    relay =
        relayWith(
            WebSocketSettings.defaults()
                .withAuthTimeout(Duration.ofMillis(100))
                .withCloseGrace(Duration.ofMinutes(1)));

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      CloseStatus closed = socket.awaitClose();

      assertThat(closed.getCode()).isEqualTo(4001);
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> relay.endpoint().stats().openConnections() == 0);
    }
  }

  @Test
  void permessageDeflateIsDeclinedSoEveryFrameGoesOutAsEncoded() {
    relay = SocketRelay.start();

    try (FrameSocket socket =
        FrameSocket.openOffering(relay.uri(ClientSocketEndpoint.PATH), "permessage-deflate")) {
      assertThat(socket.negotiatedExtensions()).isEmpty();
      socket.sendText(SocketRelay.authFrame(relay.token("alice")), true);
      assertThat(socket.nextText()).contains("auth_success");
    }
  }

  private static SocketRelay relayWith(WebSocketSettings settings) {
    return SocketRelay.builder().settings(settings).start();
  }

  private static void assertCleanClose(Session session, int code, String reason) {
    assertThat(session.closeCode()).as(session.output()).isEqualTo(code);
    assertThat(session.closeReason()).as(session.output()).isEqualTo(reason);
    assertThat(session.wasClean()).as(session.output()).isTrue();
  }
}
