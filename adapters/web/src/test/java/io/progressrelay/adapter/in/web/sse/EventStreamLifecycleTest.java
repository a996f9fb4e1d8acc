package io.progressrelay.adapter.in.web.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open stream's life: its headers, its keep-alive, and every way it ends (the relay stops, the
 * client leaves, the token expires), each freeing its fan-out connection.
 */
class EventStreamLifecycleTest {
  private static final Duration PING_INTERVAL = Duration.ofMillis(200);

  private StreamRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  private static StreamRelay pingingOften() {
    return StreamRelay.builder()
        .settings(WebSocketSettings.defaults().withPingInterval(PING_INTERVAL))
        .start();
  }

  private long connectionsOf(String user) {
    return relay.engine().connections().stream()
        .filter(connection -> connection.userId().value().equals(user))
        .count();
  }

  @Test
  void aStreamAnswers200WithTheHeadersProxiesAndBrowsersNeed() {
    relay = StreamRelay.start();

    try (SseClient stream = relay.streamAs("alice")) {
      assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");
      assertThat(stream.headers().firstValue("Cache-Control")).contains("no-cache");
      assertThat(stream.headers().firstValue("X-Accel-Buffering")).contains("no");
      // The engine may write auth_success, and so the headers, before the stream is registered.
      await().until(() -> relay.endpoint().stats().openStreams() == 1);
      assertThat(relay.endpoint().stats().opened()).isEqualTo(1);
      assertThat(connectionsOf("alice")).isEqualTo(1);
    }
  }

  @Test
  void aStopEndsEveryStreamAndFreesItsConnection() {
    relay = StreamRelay.start();
    SseClient first = relay.streamAs("alice");
    SseClient second = relay.streamAs("bob");
    await().until(() -> relay.engine().connections().size() == 2);

    relay.endpoint().beforeStop();

    first.awaitEnd();
    second.awaitEnd();
    assertThat(relay.endpoint().stats().openStreams()).isZero();
    await().until(() -> relay.engine().connections().isEmpty());
  }

  @Test
  void stoppingTheServerEndsItsStreamsFirst() {
    relay = StreamRelay.start();
    SseClient stream = relay.streamAs("alice");
    await().until(() -> connectionsOf("alice") == 1);

    relay.close();

    stream.awaitEnd();
    assertThat(relay.endpoint().stats().openStreams()).isZero();
    relay = null;
  }

  @Test
  void aClientThatLeavesIsNoticedAndItsConnectionFreed() {
    relay = pingingOften();
    SseClient stream = relay.streamAs("alice");
    await().until(() -> connectionsOf("alice") == 1);

    stream.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> connectionsOf("alice") == 0);
    await().until(() -> relay.endpoint().stats().openStreams() == 0);
  }

  @Test
  void aStreamEndsAtItsTokensExpiry() {
    relay = pingingOften();
    SseClient stream =
        SseClient.open(
            relay.eventsUri("token=" + relay.token("alice", Duration.ofMinutes(5))),
            java.util.Map.of());
    assertThat(stream.status()).isEqualTo(200);

    relay.clock().advance(Duration.ofMinutes(5));

    stream.awaitEnd();
    assertThat(relay.endpoint().stats().tokenExpiries()).isEqualTo(1);
    await().until(() -> connectionsOf("alice") == 0);
  }

  @Test
  void aStreamOutlivesManyPingIntervalsWhileItsTokenIsValid() {
    relay = pingingOften();
    try (SseClient stream = relay.streamAs("alice")) {
      // Jetty's idle timeout does not apply between writes; the pings keep proxies' at bay.
      await()
          .pollDelay(PING_INTERVAL.multipliedBy(5))
          .atMost(Duration.ofSeconds(5))
          .until(() -> true);
      assertThat(stream.hasEnded()).isFalse();
      assertThat(connectionsOf("alice")).isEqualTo(1);
    }
  }
}
