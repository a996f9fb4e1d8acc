package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.application.service.fanout.ContinuitySettings;
import io.progressrelay.application.service.fanout.FanOutSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * progress-relay.v3 over real sockets and the real fan-out engine: enveloped events with positions,
 * the catch-up after authenticating (missed events, or a gap and the latest state), subscribing
 * since a position, and bad positions answered with errors.
 */
class SocketResumeTest {
  private static final String UPLOAD = "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11";
  private static final String CHANNEL = "upload:" + UPLOAD;

  private EngineSocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  private void start(int window) {
    relay =
        new EngineSocketRelay(
            V1SocketOptions.DEFAULT,
            FanOutSettings.DEFAULT,
            new ContinuitySettings(window, Duration.ofMinutes(5), 1 << 20, false, 100));
    relay.registerUpload(UPLOAD, "alice");
    relay.api("alice").post("/api/uploads/" + UPLOAD + "/subscription");
  }

  private static String progress(int percent) {
    return "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
        + UPLOAD
        + "\",\"progress_percent\":"
        + percent
        + "}}";
  }

  private static final String COMPLETED =
      "{\"action\":\"upload_completed\",\"upload_id\":\"" + UPLOAD + "\",\"audit_score\":91}";

  // Publishes the events and reads them from a v3 socket following the upload: their positions.
  private List<String> publishWatched(TestSocket watcher, String... payloads) {
    List<String> positions = new ArrayList<>();
    for (String payload : payloads) {
      relay.publish(UPLOAD, actionOf(payload), payload);
      JsonNode frame = watcher.nextJson();
      assertThat(frame.get("action").asText()).isEqualTo("event");
      assertThat(frame.get("channel").asText()).isEqualTo(CHANNEL);
      assertThat(frame.get("data").toString()).isEqualTo(payload);
      positions.add(frame.get("position").asText());
    }
    return positions;
  }

  private static String actionOf(String payload) {
    return payload.contains("upload_completed") ? "upload_completed" : "upload_progress";
  }

  // A fresh v3 socket's catch-up of an upload with no event and a user channel with none.
  private static void assertCaughtUpWithNothing(TestSocket socket) {
    assertThat(socket.nextJson().get("action").asText()).isEqualTo("caught_up");
  }

  @Test
  void theSocketSelectsV3AndEnvelopesEveryEventWithItsPositionAndThePayloadAsPublished() {
    start(100);
    TestSocket socket = relay.openV3As("alice", null);
    assertThat(socket.subprotocol()).isEqualTo("progress-relay.v3");
    assertCaughtUpWithNothing(socket);

    relay.publish(UPLOAD, "upload_progress", progress(10));

    String frame = socket.nextFrame();
    assertThat(frame)
        .startsWith("{\"action\":\"event\",\"channel\":\"" + CHANNEL + "\",\"position\":\"")
        .endsWith(",\"data\":" + progress(10) + "}");
  }

  @Test
  void aDroppedSocketResumesWithEveryMissedEventInOrderAndNoDuplicate() {
    start(100);
    TestSocket first = relay.openV3As("alice", null);
    assertCaughtUpWithNothing(first);
    List<String> seen = publishWatched(first, progress(10), progress(20), progress(30));
    first.abort(); // the connection drops
    relay.publish(UPLOAD, "upload_progress", progress(40));
    relay.publish(UPLOAD, "upload_progress", progress(50));
    relay.publish(UPLOAD, "upload_completed", COMPLETED);

    TestSocket again = relay.openV3As("alice", seen.get(2));

    List<String> data = new ArrayList<>();
    JsonNode frame;
    while (!(frame = again.nextJson()).get("action").asText().equals("caught_up")) {
      assertThat(frame.get("channel").asText()).isEqualTo(CHANNEL);
      assertThat(frame.has("latest")).isFalse();
      data.add(frame.get("data").toString());
    }
    assertThat(data).containsExactly(progress(40), progress(50), COMPLETED);
    relay.publish(UPLOAD, "upload_progress", progress(0)); // regenerated: live again
    assertThat(again.nextJson().get("data").toString()).isEqualTo(progress(0));
  }

  @Test
  void aPositionBeyondTheWindowGetsAGapThenTheLatestStateThenCaughtUp() {
    start(2);
    TestSocket first = relay.openV3As("alice", null);
    assertCaughtUpWithNothing(first);
    List<String> seen = publishWatched(first, progress(10));
    first.abort();
    relay.publish(UPLOAD, "upload_progress", progress(20));
    relay.publish(UPLOAD, "upload_progress", progress(30));
    relay.publish(UPLOAD, "upload_completed", COMPLETED);

    TestSocket again = relay.openV3As("alice", seen.get(0));

    JsonNode gap = again.nextJson();
    assertThat(gap.get("action").asText()).isEqualTo("gap");
    assertThat(gap.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(gap.get("reason").asText()).isEqualTo("history_exceeded");
    JsonNode latest = again.nextJson();
    assertThat(latest.get("latest").asBoolean()).isTrue();
    assertThat(latest.get("data").toString()).isEqualTo(COMPLETED);
    assertThat(again.nextJson().get("action").asText()).isEqualTo("caught_up");
  }

  @Test
  void aFreshV3SocketGetsTheLatestStateOfWhatItsUserFollowsAndOfItsBatches() {
    start(100);
    relay.publish(UPLOAD, "upload_completed", COMPLETED);
    String batch =
        "{\"action\":\"batch_progress\",\"payload\":{\"batch_id\":\"b-1\",\"processed\":3}}";
    relay.publishToUser("alice", "batch_progress", "b-1", batch);

    TestSocket socket = relay.openV3As("alice", null);

    JsonNode upload = socket.nextJson();
    assertThat(upload.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(upload.get("latest").asBoolean()).isTrue();
    assertThat(upload.get("data").toString()).isEqualTo(COMPLETED);
    JsonNode user = socket.nextJson();
    assertThat(user.get("channel").asText()).isEqualTo("user:alice");
    assertThat(user.get("data").toString()).isEqualTo(batch);
    assertThat(socket.nextJson().get("action").asText()).isEqualTo("caught_up");
  }

  @Test
  void subscribingSinceAPositionAnswersThenSendsTheMissedEvents() {
    start(100);
    TestSocket watcher = relay.openV3As("alice", null);
    assertCaughtUpWithNothing(watcher);
    List<String> seen = publishWatched(watcher, progress(10), progress(20), progress(30));
    TestSocket bob = relay.openV3As("bob", null);
    assertCaughtUpWithNothing(bob);
    relay.api("alice").post("/api/uploads/" + UPLOAD + "/grants", "{\"userId\":\"bob\"}");

    bob.send(
        "{\"action\":\"subscribe_upload\",\"upload_id\":\""
            + UPLOAD
            + "\",\"since\":\""
            + seen.get(0)
            + "\"}");

    assertThat(bob.nextJson().get("action").asText()).isEqualTo("subscribed");
    assertThat(bob.nextJson().get("data").toString()).isEqualTo(progress(20));
    assertThat(bob.nextJson().get("data").toString()).isEqualTo(progress(30));
  }

  @Test
  void aMalformedPositionIsAnErrorAndLosesNothing() {
    start(100);
    relay.publish(UPLOAD, "upload_completed", COMPLETED);
    TestSocket socket = relay.openV3WithMalformedSince("alice", "not a position");

    JsonNode error = socket.nextJson();
    assertThat(error.get("action").asText()).isEqualTo("error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_value");
    assertThat(socket.nextJson().get("data").toString()).isEqualTo(COMPLETED); // latest state
    assertThat(socket.nextJson().get("action").asText()).isEqualTo("caught_up");

    socket.sendUnchecked(
        "{\"action\":\"subscribe_upload\",\"upload_id\":\"" + UPLOAD + "\",\"since\":42}");
    JsonNode refused = socket.nextJson();
    assertThat(refused.get("code").asText()).isEqualTo("invalid_value");
    assertThat(refused.get("upload_id").asText()).isEqualTo(UPLOAD);
    socket.send("{\"action\":\"ping\"}");
    assertThat(socket.nextJson().get("action").asText()).isEqualTo("pong");
  }

  @Test
  void theOldProtocolIgnoresSinceAndGetsNoCatchUp() {
    start(100);
    relay.publish(UPLOAD, "upload_completed", COMPLETED);
    TestSocket socket = relay.openAs("alice");

    socket.send(
        "{\"action\":\"subscribe_upload\",\"upload_id\":\"" + UPLOAD + "\",\"since\":\"x:1\"}");

    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + UPLOAD + "\"}");
    relay.publish(UPLOAD, "upload_progress", progress(5));
    assertThat(socket.nextFrame()).isEqualTo(progress(5));
  }
}
