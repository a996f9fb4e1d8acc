package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whether subscribing replays the upload's latest event, over real sockets and the real fan-out
 * engine: not to the old relay's clients, which take a replayed {@code upload_completed} for a new
 * one; always after {@code subscribed} to progress-relay.v2 clients.
 */
class SocketReplayTest {
  private static final String UPLOAD = "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11";
  private static final String COMPLETED =
      "{\"action\":\"upload_completed\",\"upload_id\":\"" + UPLOAD + "\",\"audit_score\":91}";
  private static final String PROGRESS =
      "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
          + UPLOAD
          + "\",\"progress_percent\":0}}";
  private static final String SUBSCRIBED =
      "{\"action\":\"subscribed\",\"upload_id\":\"" + UPLOAD + "\"}";
  private static final String SUBSCRIBE =
      "{\"action\":\"subscribe_upload\",\"upload_id\":\"" + UPLOAD + "\"}";

  private EngineSocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  // An upload that has finished while alice was watching it on another socket.
  private void finishedUpload(V1SocketOptions options) {
    relay = new EngineSocketRelay(options);
    relay.registerUpload(UPLOAD, "alice");
    relay.api("alice").post("/api/uploads/" + UPLOAD + "/subscription");
    TestSocket watcher = relay.openV2As("alice");
    relay.publish(UPLOAD, "upload_completed", COMPLETED);
    assertThat(watcher.nextFrame()).isEqualTo(COMPLETED);
    watcher.close();
  }

  @Test
  void anOldProtocolSocketGetsNoReplayWhenItSubscribes() {
    finishedUpload(V1SocketOptions.DEFAULT);
    TestSocket socket = relay.openAs("alice");

    socket.send(SUBSCRIBE);
    assertThat(socket.nextFrame()).isEqualTo(SUBSCRIBED);
    relay.publish(UPLOAD, "upload_progress", PROGRESS); // regenerated

    assertThat(socket.nextFrame()).isEqualTo(PROGRESS);
  }

  @Test
  void anOldProtocolSocketGetsNoReplayWhenItsUserSubscribesOverRest() {
    finishedUpload(V1SocketOptions.DEFAULT);
    TestSocket socket = relay.openAs("alice");

    assertThat(relay.api("alice").post("/api/uploads/" + UPLOAD + "/subscription").status())
        .isEqualTo(200);
    relay.publish(UPLOAD, "upload_progress", PROGRESS);

    assertThat(socket.nextFrame()).isEqualTo(PROGRESS);
  }

  @Test
  void anOldProtocolSocketGetsTheReplayAfterSubscribedWhenTheOperatorAsksForIt() {
    finishedUpload(new V1SocketOptions(false, true));
    TestSocket socket = relay.openAs("alice");

    socket.send(SUBSCRIBE);

    assertThat(socket.nextFrame()).isEqualTo(SUBSCRIBED);
    assertThat(socket.nextFrame()).isEqualTo(COMPLETED);
  }

  @Test
  void aV2SocketGetsSubscribedThenTheLatestEventEveryTime() {
    finishedUpload(V1SocketOptions.DEFAULT);
    TestSocket socket = relay.openV2As("alice");

    for (int attempt = 0; attempt < 25; attempt++) {
      socket.send(SUBSCRIBE);
      assertThat(socket.nextFrame()).as("attempt %d", attempt).isEqualTo(SUBSCRIBED);
      assertThat(socket.nextFrame()).as("attempt %d", attempt).isEqualTo(COMPLETED);
    }
    await().during(Duration.ofMillis(200)).until(() -> socket.pendingFrames() == 0);
  }

  @Test
  void aV2SocketGetsTheLatestEventWhenItsUserSubscribesOverRest() {
    finishedUpload(V1SocketOptions.DEFAULT);
    TestSocket socket = relay.openV2As("alice");

    relay.api("alice").post("/api/uploads/" + UPLOAD + "/subscription");

    assertThat(socket.nextFrame()).isEqualTo(COMPLETED);
  }
}
