package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.application.service.fanout.FanOutStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery threads over real sockets (Jetty) and real clients: a client that stops reading
 * holds up no one, on its own delivery thread or another, and frames that waited for a socket leave
 * in batches, each upload's in publish order. Counts and order only.
 */
class SocketDeliveryThreadsTest {
  // 4 KB frames, enough of them to fill the loopback socket buffers of a client that stops reading.
  private static final String PADDING = "x".repeat(4000);
  private static final int BUSY_EVENTS = 6000;
  private static final int MORE_EVENTS = 100;

  private EngineSocketRelay relay;

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  private void start(FanOutSettings fanOut) {
    relay = new EngineSocketRelay(V1SocketOptions.DEFAULT, fanOut);
  }

  private TestSocket following(String user, String upload) {
    relay.registerUpload(upload, user);
    TestSocket socket = relay.openAs(user);
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    return socket;
  }

  private ConnectionSnapshot connectionOf(String user) {
    return relay.engine().connections().stream()
        .filter(connection -> connection.userId().value().equals(user))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0} delivery thread(s)")
  @ValueSource(ints = {1, 2})
  void aClientThatStopsReadingDelaysNoOtherSocketOnItsThreadOrAnother(int deliveryThreads) {
    // Published in a tight loop, far faster than a worker would: queues deep enough for the burst.
    start(
        FanOutSettings.DEFAULT
            .withQueueLimits(100_000, 256 << 20)
            .withDeliveryThreads(deliveryThreads));
    TestSocket stalled = following("alice", "busy-upload");
    TestSocket healthy = following("bob", "quiet-upload");
    stalled.stopReading();

    for (int n = 0; n < BUSY_EVENTS; n++) {
      relay.publish(
          "busy-upload",
          "upload_progress",
          "{\"action\":\"upload_progress\",\"n\":" + n + ",\"pad\":\"" + PADDING + "\"}");
      relay.publish("quiet-upload", "upload_log", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    }

    // Once the stalled socket is full (its frames wait behind the write in flight), more progress
    // coalesces behind that write. Waiting for it first: on a loaded machine the loop above may
    // end before the delivery thread has filled the socket, and frames that only wait for their
    // turn are not coalesced.
    await().atMost(Duration.ofSeconds(20)).until(() -> connectionOf("alice").queuedFrames() > 0);
    for (int n = BUSY_EVENTS; n < BUSY_EVENTS + MORE_EVENTS; n++) {
      relay.publish(
          "busy-upload",
          "upload_progress",
          "{\"action\":\"upload_progress\",\"n\":" + n + ",\"pad\":\"" + PADDING + "\"}");
      relay.publish("quiet-upload", "upload_log", "{\"action\":\"upload_log\",\"n\":" + n + "}");
    }

    // Every event reached the healthy socket, in order, while the stalled one could not take its
    // frames: its progress was coalesced behind the write its full socket left in flight.
    for (int n = 0; n < BUSY_EVENTS + MORE_EVENTS; n++) {
      assertThat(healthy.nextJson().path("n").asInt()).isEqualTo(n);
    }
    assertThat(connectionOf("alice").framesCoalesced()).isPositive();
    assertThat(relay.engine().stats().slowConsumersClosed()).isZero();

    stalled.resumeReading();
    int last = -1;
    while (last < BUSY_EVENTS + MORE_EVENTS - 1) {
      int n = stalled.nextJson().path("n").asInt();
      assertThat(n).as("progress arrives in publish order").isGreaterThan(last);
      last = n;
    }
  }

  @Test
  void framesThatWaitedForASocketLeaveInBatchesInEachUploadsOrder() {
    start(FanOutSettings.DEFAULT.withQueueLimits(100_000, 256 << 20));
    TestSocket socket = following("alice", "upload-a");
    relay.registerUpload("upload-b", "alice");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"upload-b\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    FanOutStats before = relay.engine().stats();
    socket.stopReading();

    for (int n = 0; n < BUSY_EVENTS / 2; n++) {
      for (String upload : new String[] {"upload-a", "upload-b"}) {
        relay.publish(
            upload,
            "upload_log",
            "{\"action\":\"upload_log\",\"u\":\""
                + upload
                + "\",\"n\":"
                + n
                + ",\"pad\":\""
                + PADDING
                + "\"}");
      }
    }
    socket.resumeReading();

    Map<String, Integer> next = new HashMap<>();
    for (int i = 0; i < BUSY_EVENTS; i++) {
      JsonNode frame = socket.nextJson();
      String upload = frame.path("u").asText();
      int expected = next.getOrDefault(upload, 0);
      assertThat(frame.path("n").asInt()).as("next event of " + upload).isEqualTo(expected);
      next.put(upload, expected + 1);
    }
    // A write's completion may reach the engine just after the client read its frames.
    await().until(() -> relay.engine().stats().framesSent() - before.framesSent() == BUSY_EVENTS);
    // While the full socket had a write in flight, the frames behind it gathered into batches.
    FanOutStats after = relay.engine().stats();
    assertThat(after.socketWrites() - before.socketWrites()).isLessThan(BUSY_EVENTS);
  }

  @Test
  void framesOfEverySizeThatWaitedTogetherArriveWholeAndInPublishOrder() {
    // Around the sizes Jetty gathers into one output buffer (under a quarter of it), at it, and
    // larger than the whole buffer: gathered and separately written frames alternate in one write.
    int[] sizes = {10, 900, 1_100, 4_000, 4_096, 8_191, 8_192, 12_000, 40_000};
    int events = 3_000;
    start(FanOutSettings.DEFAULT.withQueueLimits(100_000, 512 << 20));
    TestSocket socket = following("alice", "upload-a");
    socket.stopReading();

    for (int n = 0; n < events; n++) {
      relay.publish(
          "upload-a",
          "upload_log",
          "{\"action\":\"upload_log\",\"n\":"
              + n
              + ",\"pad\":\""
              + padding(n, sizes[n % sizes.length])
              + "\"}");
    }
    socket.resumeReading();

    for (int n = 0; n < events; n++) {
      JsonNode frame = socket.nextJson();
      assertThat(frame.path("n").asInt()).as("event order").isEqualTo(n);
      assertThat(frame.path("pad").asText())
          .as("payload of event %d", n)
          .isEqualTo(padding(n, sizes[n % sizes.length]));
    }
    assertThat(relay.engine().stats().slowConsumersClosed()).isZero();
  }

  // Each event's own letter, so that a frame cut short or joined to another shows.
  private static String padding(int n, int length) {
    return String.valueOf((char) ('a' + n % 26)).repeat(length);
  }
}
