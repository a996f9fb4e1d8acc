package io.progressrelay.adapter.in.web.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.sse.RecordedCatchUps.CatchUp;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a new stream asks the engine to catch up on: since the {@code Last-Event-ID} the browser
 * sends on reconnecting (or {@code ?since=}), for the user's subscriptions, newest first.
 */
class EventStreamCatchUpTest {
  private final RecordedCatchUps recorded = new RecordedCatchUps();
  private StreamRelay relay;

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  private CatchUp onlyCatchUp() {
    await().until(() -> recorded.calls().size() == 1);
    return recorded.calls().get(0);
  }

  @Test
  void aFreshStreamCatchesUpOnTheUsersSubscriptionsNewestFirstWithoutAPosition() {
    relay = StreamRelay.builder().connect(recorded::around).start();
    relay.follow("alice", "older-upload");
    relay.clock().advance(java.time.Duration.ofSeconds(1));
    relay.follow("alice", "newer-upload");
    relay.follow("bob", "bobs-upload");

    try (SseClient stream = relay.streamAs("alice")) {
      assertThat(onlyCatchUp())
          .isEqualTo(
              new CatchUp(
                  Optional.empty(),
                  List.of(new UploadId("newer-upload"), new UploadId("older-upload"))));
    }
  }

  @Test
  void theLastEventIdHeaderIsWhereTheStreamResumes() {
    relay = StreamRelay.builder().connect(recorded::around).start();

    try (SseClient stream =
        SseClient.open(
            relay.eventsUri("token=" + relay.token("alice")),
            Map.of("Last-Event-ID", "k3x9q2ab:1042"))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(onlyCatchUp().since()).contains(Position.numbered("k3x9q2ab", 1042));
    }
  }

  @Test
  void theSinceParameterResumesAStreamOpenedAfresh() {
    relay = StreamRelay.builder().connect(recorded::around).start();

    try (SseClient stream =
        SseClient.open(
            relay.eventsUri("token=" + relay.token("alice") + "&since=1733560000000-5"),
            Map.of())) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(onlyCatchUp().since()).contains(Position.streamEntry(1733560000000L, 5));
    }
  }

  @Test
  void theBrowsersLastEventIdWinsOverTheSinceItsUrlStillCarries() {
    relay = StreamRelay.builder().connect(recorded::around).start();

    try (SseClient stream =
        SseClient.open(
            relay.eventsUri("token=" + relay.token("alice") + "&since=k3x9q2ab:7"),
            Map.of("Last-Event-ID", "k3x9q2ab:9"))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(onlyCatchUp().since()).contains(Position.numbered("k3x9q2ab", 9));
    }
  }
}
