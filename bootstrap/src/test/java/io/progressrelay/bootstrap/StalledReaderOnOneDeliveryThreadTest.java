package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis → fan-out → WebSocket with a single delivery thread, so a browser that stops reading shares
 * it with a healthy one: the Redis listener keeps reading every message and the healthy socket gets
 * every event in order while the stalled socket's write waits for a reader that never comes.
 */
class StalledReaderOnOneDeliveryThreadTest {
  private static final String PADDING = "x".repeat(4000);
  private static final int EVENTS = 6000;

  private static RelayUnderTest relay;
  private static RedisPublisher redis;

  @BeforeAll
  static void startRelay() {
    relay =
        new RelayUnderTest(
            "StalledReaderOnOneDeliveryThreadTest", Map.of("RELAY_DELIVERY_THREADS", "1"));
    redis = relay.publisher();
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  private static TestSocket following(String user, String upload) {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(
            relay
                .api
                .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + user + "\"}")
                .status())
        .isEqualTo(201);
    TestSocket socket = relay.socketFor(user);
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    return socket;
  }

  @Test
  void theListenerAndAHealthySocketKeepGoingWhileAStalledOneSharesTheirDeliveryThread() {
    TestSocket stalled = following("stalled-reader", "busy-upload");
    TestSocket healthy = following("healthy-reader", "quiet-upload");
    long relayedBefore = relay.application().engine().stats().eventsRelayed();
    stalled.stopReading();

    // 4 KB progress of a busy upload, far more than the stalled socket's buffers hold.
    for (int n = 0; n < EVENTS; n++) {
      redis.publishUpload(
          "busy-upload",
          "{\"action\":\"upload_progress\",\"n\":" + n + ",\"pad\":\"" + PADDING + "\"}");
      redis.publishUpload("quiet-upload", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    }

    for (int n = 0; n < EVENTS; n++) {
      assertThat(healthy.nextJson().path("n").asInt()).isEqualTo(n);
    }
    await()
        .until(
            () -> relay.application().engine().stats().eventsRelayed() - relayedBefore,
            relayed -> relayed == 2 * EVENTS);
    // Meanwhile the stalled socket could not take its frames: its progress coalesced behind the
    // write its full socket left in flight, and it was not closed.
    assertThat(connectionOf("stalled-reader").framesCoalesced()).isPositive();
    assertThat(relay.application().engine().stats().slowConsumersClosed()).isZero();

    stalled.resumeReading();
    int last = -1;
    while (last < EVENTS - 1) {
      int n = stalled.nextJson().path("n").asInt();
      assertThat(n).as("progress arrives in publish order").isGreaterThan(last);
      last = n;
    }
    stalled.close();
    healthy.close();
  }

  private static ConnectionSnapshot connectionOf(String user) {
    return relay.application().engine().connections().stream()
        .filter(connection -> connection.userId().value().equals(user))
        .findFirst()
        .orElseThrow();
  }
}
