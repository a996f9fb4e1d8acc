package io.progressrelay.adapter.in.web.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.sse.SseClient.Message;
import io.progressrelay.application.service.fanout.FanOutSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events over real streams from the real engine: each arrives as one SSE message whose id is where
 * to resume, only to users who may see it; a reader that stalls is ended as a slow consumer and
 * holds up no one; a stream opened with {@code Last-Event-ID} gets what it missed.
 */
class EventStreamDeliveryTest {
  private StreamRelay relay;

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  private SseClient caughtUpStreamOf(String user) {
    SseClient stream = relay.streamAs(user);
    assertThat(stream.next().action()).isEqualTo("auth_success");
    stream.until("caught_up");
    return stream;
  }

  private static String payload(int n) {
    return "{\"action\":\"upload_progress\",\"n\":" + n + "}";
  }

  @Test
  void aPublishedEventArrivesAsOneMessageWhoseIdIsItsPosition() {
    relay = StreamRelay.start();
    relay.follow("alice", "upload-a");
    try (SseClient stream = caughtUpStreamOf("alice")) {
      relay.publish("upload-a", "upload_progress", payload(1));

      Message event = stream.nextIgnoringPings();
      assertThat(event.action()).isEqualTo("event");
      assertThat(event.json().path("channel").asText()).isEqualTo("upload:upload-a");
      assertThat(event.id()).contains(event.json().path("position").asText());
      assertThat(event.json().path("data").toString()).isEqualTo(payload(1));
    }
  }

  @Test
  void theUsersOwnChannelReachesTheirStreamAndNoOtherUsers() {
    relay = StreamRelay.start();
    try (SseClient alice = caughtUpStreamOf("alice");
        SseClient bob = caughtUpStreamOf("bob")) {
      String batch = "{\"action\":\"batch_progress\",\"payload\":{\"batch_id\":\"b1\"}}";
      relay.publishToUser("alice", "b1", batch);
      relay.publishToUser("bob", "b2", payload(2));

      Message event = alice.nextIgnoringPings();
      assertThat(event.json().path("channel").asText()).isEqualTo("user:alice");
      assertThat(event.json().path("data").toString()).isEqualTo(batch);
      assertThat(event.id()).isPresent();
      assertThat(bob.nextIgnoringPings().json().path("channel").asText()).isEqualTo("user:bob");
    }
  }

  @Test
  void anEventOfAnUploadTheUserDoesNotFollowNeverReachesTheirStream() {
    relay = StreamRelay.start();
    relay.follow("alice", "alices-upload");
    relay.follow("bob", "bobs-upload");
    try (SseClient bob = caughtUpStreamOf("bob")) {
      relay.publish("alices-upload", "upload_progress", payload(1));
      relay.publish("bobs-upload", "upload_progress", payload(2));

      // A connection's frames keep their order: had alice's event reached bob, it came first.
      Message first = bob.nextIgnoringPings();
      assertThat(first.json().path("channel").asText()).isEqualTo("upload:bobs-upload");
    }
  }

  @Test
  void aStreamOpenedWithLastEventIdGetsTheEventsItMissedInOrder() {
    relay = StreamRelay.start();
    relay.follow("alice", "upload-a");
    String resumeFrom;
    try (SseClient stream = caughtUpStreamOf("alice")) {
      relay.publish("upload-a", "upload_log", payload(1));
      relay.publish("upload-a", "upload_log", payload(2));
      stream.nextIgnoringPings();
      resumeFrom = stream.nextIgnoringPings().id().orElseThrow();
    }
    // The relay may not have noticed the old stream leave yet (it does at its next writes).
    relay.publish("upload-a", "upload_log", payload(3));
    relay.publish("upload-a", "upload_log", payload(4));

    try (SseClient resumed =
        SseClient.open(
            relay.eventsUri("token=" + relay.token("alice")),
            Map.of("Last-Event-ID", resumeFrom))) {
      List<Message> catchUp = resumed.until("caught_up");
      List<Message> missed =
          catchUp.stream().filter(message -> message.action().equals("event")).toList();
      assertThat(missed)
          .extracting(message -> message.json().path("data").path("n").asInt())
          .containsExactly(3, 4);
      // Catch-up frames leave EventSource's last id alone; caught_up moves it past them.
      assertThat(missed).allSatisfy(message -> assertThat(message.id()).isEmpty());
      Message caughtUp = catchUp.get(catchUp.size() - 1);
      assertThat(caughtUp.id()).contains(caughtUp.json().path("cursor").asText());
      assertThat(caughtUp.id()).contains(missed.get(1).json().path("position").asText());
    }
  }

  @Test
  void aReaderThatStallsIsEndedAsASlowConsumerAndHoldsUpNoOtherStream() {
    int events = 3000;
    String padding = "x".repeat(4000);
    // Frames enough for every healthy event; bytes too few for the stalled stream's backlog.
    relay =
        StreamRelay.builder()
            .fanOut(FanOutSettings.DEFAULT.withQueueLimits(100_000, 1 << 20))
            .start();
    relay.follow("alice", "busy-upload");
    relay.follow("bob", "quiet-upload");
    try (SseClient healthy = caughtUpStreamOf("bob");
        StalledStreamReader stalled = new StalledStreamReader(relay.port(), relay.token("alice"))) {
      await().until(() -> relay.engine().connections().size() == 2);

      for (int n = 0; n < events; n++) {
        relay.publish(
            "busy-upload",
            "upload_log",
            "{\"action\":\"upload_log\",\"n\":" + n + ",\"pad\":\"" + padding + "\"}");
        relay.publish("quiet-upload", "upload_log", "{\"action\":\"upload_log\",\"n\":" + n + "}");
      }

      for (int n = 0; n < events; n++) {
        assertThat(healthy.nextIgnoringPings().json().path("data").path("n").asInt()).isEqualTo(n);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> relay.engine().stats().slowConsumersClosed() == 1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> relay.endpoint().stats().openStreams() == 1);
      assertThat(relay.engine().connections())
          .singleElement()
          .satisfies(connection -> assertThat(connection.userId().value()).isEqualTo("bob"));
      assertThat(healthy.hasEnded()).isFalse();
    }
  }
}
