package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketLivenessTest {
  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void theServerPingsAtTheConfiguredInterval() {
    relay =
        SocketRelay.builder()
            .settings(WebSocketSettings.defaults().withPingInterval(Duration.ofMillis(200)))
            .start();
    TestSocket socket = relay.openAs("alice");

    long started = System.nanoTime();
    List<String> pings = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pings.add(socket.nextFrame());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertThat(pings).containsOnly(VuemanticsFixtures.read("server_ping.json"));
    assertThat(elapsed).isBetween(Duration.ofMillis(600), Duration.ofMillis(2000));
  }

  @Test
  void aSilentConnectionIsClosedWith1001AfterTheIdleTimeout() {
    relay =
        SocketRelay.builder()
            .settings(WebSocketSettings.defaults().withIdleTimeout(Duration.ofMillis(500)))
            .start();
    TestSocket socket = relay.openAs("alice");
    long started = System.nanoTime();

    Closed closed = socket.awaitClose();

    assertThat(closed).isEqualTo(new Closed(1001, "idle timeout"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(350));
    assertThat(relay.endpoint().stats().idleTimeouts()).isEqualTo(1);
  }

  @Test
  void webSocketPongsAndTextFramesBothKeepAConnectionAlive() throws InterruptedException {
    relay =
        SocketRelay.builder()
            .settings(WebSocketSettings.defaults().withIdleTimeout(Duration.ofMillis(600)))
            .start();
    TestSocket pongs = relay.openAs("alice");
    TestSocket texts = relay.openAs("bob");

    for (int i = 0; i < 8; i++) {
      Thread.sleep(200);
      pongs.sendPong();
      texts.send("{\"action\":\"pong\"}");
    }

    assertThat(pongs.isOpen()).isTrue();
    assertThat(texts.isOpen()).isTrue();
    assertThat(pongs.awaitClose().code()).isEqualTo(1001);
  }

  @Test
  void aWebSocketPingIsAnsweredWithExactlyOnePong() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.sendPing();

    await().atMost(Duration.ofSeconds(5)).until(() -> socket.pongsReceived() == 1);
    await().during(Duration.ofMillis(200)).until(() -> socket.pongsReceived() == 1);
  }
}
