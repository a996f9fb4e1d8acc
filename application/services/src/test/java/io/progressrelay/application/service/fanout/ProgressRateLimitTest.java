package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.domain.DeliveryPolicy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressRateLimitTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final DeliveryCounters counters = new DeliveryCounters();
  private final DeliveryWriter writer = new DeliveryWriter("test-delivery", counters);
  private final RecordingSocket socket = RecordingSocket.reading("alice");
  private final QueuedClientConnection connection =
      new QueuedClientConnection(
          socket,
          writer,
          new QueueLimits(1000, 1 << 20),
          closed -> {},
          "hello",
          Duration.ofMillis(200),
          timer,
          java.time.Instant.now(),
          counters,
          ClientCapabilities.LATEST_ON_SUBSCRIBE);

  {
    writer.start();
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
    writer.close();
  }

  private static OutboundFrame progress(String upload, int percent) {
    return new OutboundFrame(
        upload + "=" + percent, 8, DeliveryPolicy.LATEST, "progress-" + upload, upload);
  }

  @Test
  void oneProgressFramePerWindowPassesAndTheLatestFollowsWhenItEnds() {
    connection.start();

    for (int percent = 0; percent < 10; percent++) {
      connection.offer(progress("a", percent));
    }
    await().until(() -> socket.written().size() == 1);
    assertThat(socket.written()).containsExactly("a=0");

    await().atMost(Duration.ofSeconds(2)).until(() -> socket.written().size() == 2);
    assertThat(socket.written()).containsExactly("a=0", "a=9");
    assertThat(connection.snapshot().framesCoalesced()).isEqualTo(8);
  }

  @Test
  void eachUploadHasItsOwnWindow() {
    connection.start();

    connection.offer(progress("a", 1));
    connection.offer(progress("b", 1));

    await().until(() -> socket.written().size() == 2);
    assertThat(socket.written()).containsExactly("a=1", "b=1");
  }

  @Test
  void aTerminalFrameReleasesTheHeldProgressOfItsUploadFirst() {
    connection.start();
    connection.offer(progress("a", 10));
    await().until(() -> socket.written().size() == 1); // sent, so nothing can replace it
    connection.offer(progress("a", 90));

    connection.offer(new OutboundFrame("a=done", 6, DeliveryPolicy.RELIABLE, "done-a", "a"));

    await().until(() -> socket.written().size() == 3);
    assertThat(socket.written()).containsExactly("a=10", "a=90", "a=done");
  }
}
