package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketLimitsTest {
  private static final int BURST = 10;

  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void aMessageAboveTheSizeLimitClosesWith1009() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.sendUnchecked("x".repeat(WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES + 1));

    assertThat(socket.awaitClose().code()).isEqualTo(1009);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> relay.endpoint().stats().oversizedFrames() == 1);
  }

  @Test
  void aMessageAtTheSizeLimitIsRead() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");
    String padding = "x".repeat(WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES - 30);
    String frame = "{\"action\":\"ping\",\"pad\":\"" + padding + "\"}";
    assertThat(frame).hasSizeLessThanOrEqualTo(WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES);

    socket.sendUnchecked(frame);

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"pong\"}");
  }

  @Test
  void aMessageSentInFragmentsIsReadWhole() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.sendFragments("{\"act", "ion\":\"pi", "ng\"}");

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"pong\"}");
    assertThat(socket.isOpen()).isTrue();
  }

  @Test
  void fragmentsAddingUpToMoreThanTheSizeLimitCloseWith1009() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");
    String half = "x".repeat(WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES / 2 + 1);

    try {
      socket.sendFragmentsUnchecked("{\"action\":\"ping\",\"pad\":\"", half, half, "\"}");
    } catch (CompletionException e) {
      // The server may close before the last fragment goes out.
    }

    assertThat(socket.awaitClose().code()).isEqualTo(1009);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> relay.endpoint().stats().oversizedFrames() == 1);
  }

  @Test
  void aFloodAboveTheBurstClosesWith1008() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    try {
      for (int i = 0; i < 200 && socket.isOpen(); i++) {
        socket.send("{\"action\":\"pong\"}");
      }
    } catch (CompletionException e) {
      // The server may close while frames are still going out.
    }

    // The server closes with 1008 mid-flood; a client still writing may meet a broken pipe before
    // it reads the close frame, so the close code is checked whenever the client saw it.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> relay.endpoint().stats().rateLimitViolations() == 1);
    assertThat(socket.awaitEnd())
        .satisfies(
            end ->
                end.ifPresent(
                    closed -> assertThat(closed).isEqualTo(new Closed(1008, "rate limit"))));
  }

  @Test
  void emptyFragmentsBeforeAuthenticationCountAgainstTheRateLimit() {
    relay = SocketRelay.builder().settings(slowRate()).start();

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      // Far more frames than the burst plus what one token a second refills while they go out.
      socket.sendEmptyFragments(BURST + 20);

      assertThat(socket.awaitClose())
          .extracting(CloseStatus::getCode, CloseStatus::getReason)
          .containsExactly(1008, "rate limit");
    }
    assertThat(relay.endpoint().stats().rateLimitViolations()).isEqualTo(1);
    assertThat(relay.endpoint().stats().authFailures()).isZero();
  }

  @Test
  void emptyFragmentsAfterAuthenticationCountAgainstTheRateLimit() {
    relay = SocketRelay.builder().settings(slowRate()).start();

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      socket.sendText(SocketRelay.authFrame(relay.token("alice")), true);
      assertThat(socket.nextText()).contains("auth_success");

      socket.sendEmptyFragments(BURST + 20);

      assertThat(socket.awaitClose().getCode()).isEqualTo(1008);
    }
    assertThat(relay.endpoint().stats().rateLimitViolations()).isEqualTo(1);
  }

  @Test
  void aMessageInAsManyFragmentsAsTheBurstAllowsIsServed() {
    relay = SocketRelay.builder().settings(slowRate()).start();

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      socket.sendText(SocketRelay.authFrame(relay.token("alice")), true); // 1 frame
      assertThat(socket.nextText()).contains("auth_success");

      socket.sendText("{", false); // then BURST - 1 frames for one ping
      for (int i = 0; i < BURST - 3; i++) {
        socket.sendContinuation("", false);
      }
      socket.sendContinuation("\"action\":\"ping\"}", true);

      assertThat(socket.nextText()).isEqualTo("{\"action\":\"pong\"}");
    }
    assertThat(relay.endpoint().stats().rateLimitViolations()).isZero();
  }

  @Test
  void aFragmentedBinaryMessageAboveTheSizeLimitClosesWith1009() {
    relay = SocketRelay.start();
    int max = WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES;

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      socket.sendText(SocketRelay.authFrame(relay.token("alice")), true);
      assertThat(socket.nextText()).contains("auth_success");

      // 40 KB in frames that each stay below the limit, as in the report.
      boolean open = socket.send(OpCode.BINARY, false, new byte[max - 96]);
      for (int i = 1; i < 10 && open; i++) {
        open = socket.send(OpCode.CONTINUATION, i == 9, new byte[max - 96]);
      }

      assertThat(socket.awaitClose())
          .extracting(CloseStatus::getCode, CloseStatus::getReason)
          .containsExactly(1009, "binary message larger than " + max + " bytes");
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> relay.endpoint().stats().oversizedFrames() == 1);
  }

  @Test
  void aBinaryMessageAboveTheSizeLimitInOneFrameClosesWith1009() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    try {
      socket.sendBinary(new byte[40_000]);
    } catch (CompletionException e) {
      // The server may close before the whole frame went out.
    }

    assertThat(socket.awaitClose())
        .isEqualTo(
            new Closed(
                1009,
                "binary message larger than "
                    + WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES
                    + " bytes"));
  }

  @Test
  void aFragmentedBinaryMessageWithinTheSizeLimitIsAnsweredAsUnsupported() {
    relay = SocketRelay.start();

    try (FrameSocket socket = FrameSocket.open(relay.uri(ClientSocketEndpoint.PATH))) {
      socket.sendText(SocketRelay.authFrame(relay.token("alice")), true);
      assertThat(socket.nextText()).contains("auth_success");

      socket.send(OpCode.BINARY, false, new byte[1000]);
      socket.send(OpCode.CONTINUATION, true, new byte[1000]);

      assertThat(socket.nextText()).contains("\"code\":\"unsupported\"");
    }
  }

  @Test
  void aBurstWithinTheLimitIsServed() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    for (int i = 0; i < 40; i++) {
      socket.send("{\"action\":\"ping\"}");
    }

    for (int i = 0; i < 40; i++) {
      assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"pong\"}");
    }
    assertThat(socket.isOpen()).isTrue();
  }

  @Test
  void anAllowedOriginConnectsAndOthersGet403() {
    relay =
        SocketRelay.builder()
            .settings(
                WebSocketSettings.defaults().withAllowedOrigins(Set.of("https://App.Example.com/")))
            .start();
    var uri = relay.uri(ClientSocketEndpoint.PATH);

    TestSocket allowed = TestSocket.open(uri, Map.of("Origin", "https://app.example.com"));
    int refused = TestSocket.refusedStatus(uri, Map.of("Origin", "https://evil.example.com"));

    allowed.send(SocketRelay.authFrame(relay.token("alice")));
    assertThat(allowed.nextJson().path("action").asText()).isEqualTo("auth_success");
    assertThat(refused).isEqualTo(403);
    assertThat(relay.endpoint().stats().originRejections()).isEqualTo(1);
  }

  @Test
  void aUserAboveTheConnectionLimitIsClosedWith1008AndTheReason() {
    relay = SocketRelay.builder().maxConnectionsPerUser(1).start();
    TestSocket first = relay.openAs("alice");
    TestSocket second = relay.open();

    second.send(SocketRelay.authFrame(relay.token("alice")));

    Closed closed = second.awaitClose();
    assertThat(closed.code()).isEqualTo(1008);
    assertThat(closed.reason()).contains("too many connections");
    assertThat(first.isOpen()).isTrue();
    assertThat(relay.endpoint().stats().connectionLimitRejections()).isEqualTo(1);
  }

  // One token a second: over a test's run time hardly any refill, so frame counts decide.
  private static WebSocketSettings slowRate() {
    return WebSocketSettings.defaults().withRateLimit(1, BURST);
  }

  @ParameterizedTest
  @ValueSource(strings = {ClientSocketEndpoint.PATH, ClientSocketEndpoint.API_PATH})
  void aPlainGetOnTheSocketPathsAsksForAnUpgradeWithoutAuthentication(String path)
      throws Exception {
    relay = SocketRelay.start();

    var response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(relay.httpUri(path)).build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(426);
    assertThat(response.body()).contains("upgrade_required");
  }
}
