package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueuedClientConnectionTest {
  private final List<QueuedClientConnection> closed = new ArrayList<>();
  private final DeliveryCounters counters = new DeliveryCounters();
  private final DeliveryWriter writer = new DeliveryWriter("test-delivery", counters);

  {
    writer.start();
  }

  @AfterEach
  void stopWriter() {
    writer.close();
  }

  private QueuedClientConnection unstarted(RecordingSocket socket, int maxFrames, long maxBytes) {
    return new QueuedClientConnection(
        socket,
        writer,
        new QueueLimits(maxFrames, maxBytes),
        closed::add,
        "hello",
        Duration.ZERO,
        null,
        Instant.now(),
        counters,
        ClientCapabilities.LATEST_ON_SUBSCRIBE);
  }

  private QueuedClientConnection connection(RecordingSocket socket, int maxFrames, long maxBytes) {
    var connection = unstarted(socket, maxFrames, maxBytes);
    connection.start();
    socket.passGreeting();
    return connection;
  }

  private static OutboundFrame frame(String text, DeliveryPolicy policy, String key, String order) {
    return new OutboundFrame(text, OutboundFrame.utf8Length(text), policy, key, order);
  }

  private static OutboundFrame progress(String upload, int percent) {
    return frame("p" + upload + "=" + percent, DeliveryPolicy.LATEST, "k" + upload, upload);
  }

  // Offers a frame to a stalled reader with nothing in flight and waits until it is in flight.
  private static void inFlight(
      RecordingSocket socket, QueuedClientConnection connection, String text) {
    int writes = socket.writes();
    connection.offer(frame(text, DeliveryPolicy.ORDERED, null, "u"));
    socket.awaitWrites(writes + 1);
  }

  @Test
  void aReadingClientGetsEveryFrameInOrderWithOneWriteInFlight() {
    var socket = RecordingSocket.reading("alice");
    var connection = connection(socket, 1000, 1 << 20);

    for (int i = 0; i < 100; i++) {
      connection.offer(frame("f" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    await().until(() -> socket.written().size() == 100);
    assertThat(socket.written()).startsWith("f0", "f1").endsWith("f99");
    assertThat(socket.written()).isSortedAccordingTo(QueuedClientConnectionTest::byNumber);
    assertThat(socket.maxInFlight()).isEqualTo(1);
  }

  private static int byNumber(String a, String b) {
    return Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1)));
  }

  @Test
  void framesWaitingWhileAWriteIsInFlightLeaveTogetherInOneWriteInOrder() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, 1 << 20);
    inFlight(socket, connection, "first");
    for (int i = 0; i < 10; i++) {
      connection.offer(frame("a" + i, DeliveryPolicy.ORDERED, null, "a"));
      connection.offer(frame("b" + i, DeliveryPolicy.ORDERED, null, "b"));
    }

    socket.completeNext();
    socket.completeNext();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("a" + i);
      expected.add("b" + i);
    }
    assertThat(socket.batches()).hasSize(3); // the greeting, "first", then the other twenty
    assertThat(socket.batches().get(2)).containsExactlyElementsOf(expected);
    assertThat(counters.writes()).isEqualTo(3);
  }

  @Test
  void aBacklogLeavesInBoundedBatchesWithOneWriteInFlight() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 200_000, Long.MAX_VALUE);
    inFlight(socket, connection, "f0");
    for (int i = 1; i < 100_000; i++) {
      connection.offer(frame("f" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    socket.resume();

    await().until(() -> socket.written().size() == 100_000);
    assertThat(socket.written()).endsWith("f99999");
    assertThat(socket.written()).isSortedAccordingTo(QueuedClientConnectionTest::byNumber);
    assertThat(socket.batches())
        .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(WriteBatch.MAX_FRAMES));
    assertThat(socket.maxInFlight()).isEqualTo(1);
  }

  @Test
  void aBatchStopsAtItsByteBoundButAlwaysTakesOneFrame() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, Long.MAX_VALUE);
    inFlight(socket, connection, "first");
    String large = "x".repeat((int) WriteBatch.MAX_BYTES);
    connection.offer(frame(large, DeliveryPolicy.ORDERED, null, "u"));
    connection.offer(frame("small", DeliveryPolicy.ORDERED, null, "u"));

    socket.resume();

    await().until(() -> socket.written().size() == 3);
    assertThat(socket.batches().subList(2, 4)).containsExactly(List.of(large), List.of("small"));
  }

  @Test
  void anUnsentProgressFrameIsReplacedInPlaceByANewerOne() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, 1 << 20);
    connection.offer(progress("a", 0));
    socket.awaitWrites(2); // in flight
    connection.offer(progress("a", 10));
    connection.offer(progress("b", 10));

    assertThat(connection.offer(progress("a", 20)))
        .isEqualTo(QueuedClientConnection.Offer.COALESCED);
    socket.completeNext();
    socket.completeNext();

    assertThat(socket.written()).containsExactly("pa=0", "pa=20", "pb=10");
    assertThat(connection.snapshot().framesCoalesced()).isEqualTo(1);
  }

  @Test
  void progressIsNotCoalescedPastALaterFrameOfTheSameUpload() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, 1 << 20);
    connection.offer(frame("busy", DeliveryPolicy.ORDERED, null, "x"));
    socket.awaitWrites(2);
    connection.offer(progress("a", 50));
    connection.offer(frame("done-a", DeliveryPolicy.RELIABLE, null, "a"));

    assertThat(connection.offer(progress("a", 0))).isEqualTo(QueuedClientConnection.Offer.QUEUED);
    socket.completeNext();
    socket.completeNext();

    assertThat(socket.written()).containsExactly("busy", "pa=50", "done-a", "pa=0");
  }

  @Test
  void progressIsCoalescedPastFramesOfOtherUploadsButNotIntoTheOneInFlight() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, 1 << 20);
    connection.offer(progress("a", 0));
    socket.awaitWrites(2);

    assertThat(connection.offer(progress("a", 1))).isEqualTo(QueuedClientConnection.Offer.QUEUED);
    connection.offer(frame("log-b", DeliveryPolicy.ORDERED, null, "b"));
    connection.offer(progress("c", 5));
    assertThat(connection.offer(progress("a", 2)))
        .isEqualTo(QueuedClientConnection.Offer.COALESCED);
    socket.completeNext();
    socket.completeNext();

    assertThat(socket.written()).containsExactly("pa=0", "pa=2", "log-b", "pc=5");
  }

  @Test
  void progressWaitingOnlyForTheNextTurnIsNotCoalesced() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 1000, 1 << 20);

    assertThat(connection.offer(progress("a", 0))).isEqualTo(QueuedClientConnection.Offer.QUEUED);
    assertThat(connection.offer(progress("a", 1))).isEqualTo(QueuedClientConnection.Offer.QUEUED);
    connection.start();

    await().until(() -> socket.written().size() == 2);
    assertThat(socket.written()).containsExactly("pa=0", "pa=1");
    assertThat(connection.snapshot().framesCoalesced()).isZero();
  }

  @Test
  void aBurstOfProgressReceivedWithinTheLagBoundIsNotCoalesced() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 1000, 1 << 20);
    long start = System.nanoTime();
    long step = (OutboundQueue.BEHIND_NANOS - 1) / 49;

    for (int percent = 0; percent < 50; percent++) {
      assertThat(connection.offer(received("a", percent, start + percent * step)))
          .isEqualTo(QueuedClientConnection.Offer.QUEUED);
    }
    connection.start();

    await().until(() -> socket.written().size() == 50);
    assertThat(connection.snapshot().framesCoalesced()).isZero();
  }

  @Test
  void progressReceivedTheLagBoundAfterTheOldestWaitingEventIsCoalesced() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 1000, 1 << 20);
    long start = System.nanoTime();
    connection.offer(received("a", 0, start));
    connection.offer(received("b", 0, start + 1));

    assertThat(connection.offer(received("a", 1, start + OutboundQueue.BEHIND_NANOS)))
        .isEqualTo(QueuedClientConnection.Offer.COALESCED);
    connection.start();

    await().until(() -> socket.written().size() == 2);
    assertThat(socket.written())
        .containsExactly("{\"upload\":\"a\",\"percent\":1}", "{\"upload\":\"b\",\"percent\":0}");
  }

  @Test
  void aSteadyStreamStartsCoalescingOnceItsOldestWaitingEventLagsTheLagBound() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 1000, 1 << 20);
    long start = System.nanoTime();
    long step = OutboundQueue.BEHIND_NANOS / 10;

    for (int percent = 0; percent <= 20; percent++) {
      connection.offer(received("a", percent, start + percent * step));
    }
    connection.start();

    // 0..9 waited less than the bound behind the first; from 10 on each replaced the newest.
    await().until(() -> socket.written().size() == 10);
    assertThat(socket.written()).last().isEqualTo("{\"upload\":\"a\",\"percent\":20}");
    assertThat(connection.snapshot().framesCoalesced()).isEqualTo(11);
  }

  @Test
  void progressIsCoalescedOnceTheQueueIsHalfFullLeavingRoomForTerminalFrames() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 10, 1 << 20); // the greeting takes one of the ten
    long now = System.nanoTime();
    for (int percent = 0; percent < 4; percent++) {
      assertThat(connection.offer(received("a", percent, now)))
          .isEqualTo(QueuedClientConnection.Offer.QUEUED);
    }

    for (int percent = 4; percent < 100; percent++) {
      assertThat(connection.offer(received("a", percent, now)))
          .isEqualTo(QueuedClientConnection.Offer.COALESCED);
    }
    assertThat(connection.offer(frame("done-a", DeliveryPolicy.RELIABLE, null, "upload:a")))
        .isEqualTo(QueuedClientConnection.Offer.QUEUED);
    connection.start();

    await().until(() -> socket.written().size() == 5);
    assertThat(socket.written()).endsWith("{\"upload\":\"a\",\"percent\":99}", "done-a");
    assertThat(closed).isEmpty();
  }

  // An upload's progress event as the listener hands it over, received at {@code nanos}.
  private static OutboundFrame received(String upload, int percent, long nanos) {
    var event =
        ProgressEvent.of(
            new EventChannel.Upload("upload:", new UploadId(upload)),
            "upload_progress",
            null,
            null,
            "{\"upload\":\"" + upload + "\",\"percent\":" + percent + "}",
            Instant.now(),
            nanos);
    return OutboundFrame.ofEvent(event, DeliveryPolicy.LATEST);
  }

  @Test
  void progressThatWouldNotFitIsCoalescedEvenWithNothingInFlight() {
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 3, 1 << 20); // the greeting takes one of the three
    connection.offer(progress("a", 0));
    connection.offer(frame("log-b", DeliveryPolicy.ORDERED, null, "b"));

    assertThat(connection.offer(progress("a", 1)))
        .isEqualTo(QueuedClientConnection.Offer.COALESCED);
    connection.start();

    await().until(() -> socket.written().size() == 2);
    assertThat(socket.written()).containsExactly("pa=1", "log-b");
    assertThat(closed).isEmpty();
  }

  @Test
  void aFrameThatDoesNotFitClosesTheConnectionAsASlowConsumer() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 3, 1 << 20);
    inFlight(socket, connection, "in-flight");
    for (int i = 0; i < 3; i++) {
      connection.offer(frame("q" + i, DeliveryPolicy.ORDERED, null, "u"));
    }

    var outcome = connection.offer(frame("done", DeliveryPolicy.RELIABLE, null, "u"));

    assertThat(outcome).isEqualTo(QueuedClientConnection.Offer.OVERFLOWED);
    assertThat(closed).containsExactly(connection);
    assertThat(connection.snapshot().queuedFrames()).isZero();
    assertThat(connection.offer(frame("late", DeliveryPolicy.ORDERED, null, "u")))
        .isEqualTo(QueuedClientConnection.Offer.REFUSED);
    // The decision is the connection's; ending the socket is the delivery thread's.
    await().until(() -> socket.disconnected() != null);
    assertThat(socket.disconnected()).isEqualTo(DisconnectReason.SLOW_CONSUMER);
    assertThat(counters.slowConsumersClosed()).isEqualTo(1);
  }

  @Test
  void theByteLimitCountsUtf8Bytes() {
    var socket = RecordingSocket.stalled("alice");
    var connection = connection(socket, 1000, 10);
    inFlight(socket, connection, "in-flight");
    connection.offer(frame("ééééé", DeliveryPolicy.ORDERED, null, "u")); // 10 bytes

    assertThat(connection.offer(frame("x", DeliveryPolicy.ORDERED, null, "u")))
        .isEqualTo(QueuedClientConnection.Offer.OVERFLOWED);
  }

  @Test
  void aFailedWriteClosesTheConnection() {
    var socket =
        new RecordingSocket("alice", false) {
          @Override
          public void write(FrameBatch frames, WriteCallback callback) {
            callback.completed(new java.io.IOException("broken pipe"));
          }
        };
    var connection = unstarted(socket, 1000, 1 << 20);

    connection.start(); // the greeting's write fails

    await().until(connection::isClosed);
    assertThat(closed).containsExactly(connection);
  }

  @Test
  void aWriteThatThrowsClosesTheConnectionAndTheDeliveryThreadServesTheNext() {
    var failing =
        new RecordingSocket("alice", false) {
          @Override
          public void write(FrameBatch frames, WriteCallback callback) {
            throw new IllegalStateException("the socket is gone");
          }
        };
    var broken = unstarted(failing, 1000, 1 << 20);
    var healthy = RecordingSocket.reading("bob");

    broken.start();
    connection(healthy, 1000, 1 << 20).offer(frame("still", DeliveryPolicy.ORDERED, null, "u"));

    await().until(broken::isClosed);
    await().until(() -> healthy.written().size() == 1);
    assertThat(healthy.written()).containsExactly("still");
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
    var socket = RecordingSocket.reading("alice");
    var connection = unstarted(socket, 10, 1 << 20);
    connection.offer(frame("early", DeliveryPolicy.ORDERED, null, "u"));
    assertThat(socket.writes()).isZero();

    connection.start();

    await().until(() -> socket.written().size() == 1);
    assertThat(socket.batches()).containsExactly(List.of("hello", "early"));
  }
}
