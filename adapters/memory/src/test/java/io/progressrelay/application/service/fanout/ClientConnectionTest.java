package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.DeliveryPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {
  private final List<ClientConnection> closed = new ArrayList<>();

  private ClientConnection connection(RecordingGateway gateway, int maxFrames, long maxBytes) {
    var connection =
        new ClientConnection(gateway, new QueueLimits(maxFrames, maxBytes), closed::add, "hello");
    connection.start();
    gateway.passGreeting();
    return connection;
  }

  private static OutboundFrame frame(String text, DeliveryPolicy policy, String key, String order) {
    return new OutboundFrame(text, OutboundFrame.utf8Length(text), policy, key, order);
  }

  private static OutboundFrame progress(String upload, int percent) {
    return frame("p" + upload + "=" + percent, DeliveryPolicy.LATEST, "k" + upload, upload);
  }

  @Test
  void aReadingClientGetsEveryFrameInOrderWithOneWriteInFlight() {
    var gateway = RecordingGateway.reading("alice");
    var connection = connection(gateway, 1000, 1 << 20);

    for (int i = 0; i < 100; i++) {
      connection.offer(frame("f" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    assertThat(gateway.written()).hasSize(100).startsWith("f0", "f1").endsWith("f99");
    assertThat(gateway.maxInFlight()).isEqualTo(1);
  }

  @Test
  void aBacklogDrainedByInlineCompletionsDoesNotGrowTheStack() {
    var gateway = RecordingGateway.stalled("alice");
    var connection = connection(gateway, 200_000, Long.MAX_VALUE);
    for (int i = 0; i < 100_000; i++) {
      connection.offer(frame("f" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    gateway.resume();

    assertThat(gateway.written()).hasSize(100_000).endsWith("f99999");
    assertThat(gateway.maxInFlight()).isEqualTo(1);
  }

  @Test
  void anUnsentProgressFrameIsReplacedInPlaceByANewerOne() {
    var gateway = RecordingGateway.stalled("alice");
    var connection = connection(gateway, 1000, 1 << 20);
    connection.offer(progress("a", 0)); // in flight
    connection.offer(progress("a", 10));
    connection.offer(progress("b", 10));

    assertThat(connection.offer(progress("a", 20))).isEqualTo(ClientConnection.Offer.COALESCED);
    gateway.completeNext();
    gateway.completeNext();

    assertThat(gateway.written()).containsExactly("pa=0", "pa=20", "pb=10");
    assertThat(connection.snapshot().framesCoalesced()).isEqualTo(1);
  }

  @Test
  void progressIsNotCoalescedPastALaterFrameOfTheSameUpload() {
    var gateway = RecordingGateway.stalled("alice");
    var connection = connection(gateway, 1000, 1 << 20);
    connection.offer(frame("busy", DeliveryPolicy.ORDERED, null, "x"));
    connection.offer(progress("a", 50));
    connection.offer(frame("done-a", DeliveryPolicy.RELIABLE, null, "a"));

    assertThat(connection.offer(progress("a", 0))).isEqualTo(ClientConnection.Offer.QUEUED);
    gateway.completeNext();
    gateway.completeNext();
    gateway.completeNext();

    assertThat(gateway.written()).containsExactly("busy", "pa=50", "done-a", "pa=0");
  }

  @Test
  void aFrameThatDoesNotFitClosesTheConnectionAsASlowConsumer() {
    var gateway = RecordingGateway.stalled("alice");
    var connection = connection(gateway, 3, 1 << 20);
    connection.offer(frame("in-flight", DeliveryPolicy.ORDERED, null, "u"));
    for (int i = 0; i < 3; i++) {
      connection.offer(frame("q" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    var outcome = connection.offer(frame("done", DeliveryPolicy.RELIABLE, null, "u"));

    assertThat(outcome).isEqualTo(ClientConnection.Offer.OVERFLOWED);
    assertThat(gateway.closeCode()).isEqualTo(ClientConnection.SLOW_CONSUMER);
    assertThat(closed).containsExactly(connection);
    assertThat(connection.snapshot().queuedFrames()).isZero();
    assertThat(connection.offer(frame("late", DeliveryPolicy.ORDERED, null, "u")))
        .isEqualTo(ClientConnection.Offer.REFUSED);
  }

  @Test
  void theByteLimitCountsUtf8Bytes() {
    var gateway = RecordingGateway.stalled("alice");
    var connection = connection(gateway, 1000, 10);
    connection.offer(frame("in-flight", DeliveryPolicy.ORDERED, null, "u"));
    connection.offer(frame("ééééé", DeliveryPolicy.ORDERED, null, "u")); // 10 bytes

    assertThat(connection.offer(frame("x", DeliveryPolicy.ORDERED, null, "u")))
        .isEqualTo(ClientConnection.Offer.OVERFLOWED);
  }

  @Test
  void aFailedWriteClosesTheConnection() {
    var gateway =
        new RecordingGateway("alice", false) {
          @Override
          public void write(String frame, WriteCallback callback) {
            callback.completed(new java.io.IOException("broken pipe"));
          }
        };
    var connection = connection(gateway, 1000, 1 << 20);

    connection.offer(frame("f", DeliveryPolicy.ORDERED, null, "u"));

    assertThat(connection.isClosed()).isTrue();
    assertThat(closed).containsExactly(connection);
  }

  @Test
  void utf8LengthMatchesTheEncoder() {
    for (String text : List.of("ascii", "é", "€", "😀 emoji", "mixed é € 😀 \u0000")) {
      assertThat(OutboundFrame.utf8Length(text))
          .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void theGreetingGoesOutBeforeAnythingOfferedBeforeStart() {
    var gateway = RecordingGateway.reading("alice");
    var connection =
        new ClientConnection(gateway, new QueueLimits(10, 1 << 20), closed::add, "hello");
    connection.offer(frame("early", DeliveryPolicy.ORDERED, null, "u"));
    assertThat(gateway.written()).isEmpty();

    connection.start();

    assertThat(gateway.written()).containsExactly("early");
  }
}
