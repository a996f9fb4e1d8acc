package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketSubscriptionTest {
  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void theOwnerSubscribesAndUnsubscribesOverTheSocket() {
    relay = SocketRelay.start();
    relay.registerUpload("6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11", "alice");
    TestSocket socket = relay.openAs("alice");

    socket.send(VuemanticsFixtures.read("client_subscribe_upload.json"));
    assertThat(socket.nextFrame())
        .isEqualTo(
            "{\"action\":\"subscribed\",\"upload_id\":\"6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11\"}");
    assertThat(relay.isSubscribed("alice", "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11")).isTrue();

    socket.send(VuemanticsFixtures.read("client_unsubscribe_upload.json"));
    assertThat(socket.nextFrame())
        .isEqualTo(
            "{\"action\":\"unsubscribed\",\"upload_id\":\"6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11\"}");
    assertThat(relay.isSubscribed("alice", "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11")).isFalse();
  }

  @Test
  void aStrangerAndAnUnknownUploadGetTheSameNotFoundAndTheSocketStaysOpen() {
    relay = SocketRelay.start();
    relay.registerUpload("u-private", "alice");
    TestSocket eve = relay.openAs("eve");

    eve.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-private\"}");
    JsonNode stranger = eve.nextJson();
    eve.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-missing\"}");
    JsonNode unknown = eve.nextJson();

    assertThat(stranger.path("action").asText()).isEqualTo("error");
    assertThat(stranger.path("code").asText()).isEqualTo("not_found");
    assertThat(unknown.path("code").asText()).isEqualTo("not_found");
    assertThat(stranger.path("message").asText().replace("u-private", "ID"))
        .isEqualTo(unknown.path("message").asText().replace("u-missing", "ID"));
    assertThat(relay.isSubscribed("eve", "u-private")).isFalse();
    assertStillServing(eve);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all                                      | invalid_json",
        "[\"subscribe_upload\"]                               | invalid_json",
        "{\"action\":\"ping\"} x                            | invalid_json",
        "{\"action\":\"ping\"}{\"action\":\"ping\"}         | invalid_json",
        "{\"action\":\"dance\"}                               | unknown_action",
        "{\"upload_id\":\"u-1\"}                              | unknown_action",
        "{\"action\":\"subscribe_upload\"}                    | invalid_value",
        "{\"action\":\"subscribe_upload\",\"upload_id\":42}   | invalid_value",
        "{\"action\":\"subscribe_upload\",\"upload_id\":\"a b\"} | invalid_value",
        "{\"action\":\"unsubscribe_upload\",\"upload_id\":\"\"}  | invalid_value",
        "{\"type\":\"auth\",\"token\":\"again\"}              | already_authenticated"
      })
  void aBadFrameGetsAnErrorFrameAndTheSocketStaysOpen(String frame, String code) {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.sendUnchecked(frame.strip());

    JsonNode error = socket.nextJson();
    assertThat(error.path("action").asText()).isEqualTo("error");
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    assertStillServing(socket);
  }

  @Test
  void aBinaryFrameAfterAuthGetsAnUnsupportedError() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.sendBinary(new byte[] {7});

    assertThat(socket.nextJson().path("code").asText()).isEqualTo("unsupported");
    assertStillServing(socket);
  }

  @Test
  void aClientPingIsAnsweredWithPongAndAClientPongWithNothing() {
    relay = SocketRelay.start();
    TestSocket socket = relay.openAs("alice");

    socket.send("{\"action\":\"pong\"}");
    socket.send("{\"action\":\"ping\"}");

    // Answers keep the order of requests, so the pong is the first frame if "pong" got none.
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"pong\"}");
    await().during(Duration.ofMillis(200)).until(() -> socket.pendingFrames() == 0);
  }

  @Test
  void subscribingAtTheLimitGetsSubscriptionLimit() {
    relay = SocketRelay.builder().policy(new SubscriptionPolicy(Duration.ofHours(1), 1)).start();
    relay.registerUpload("u-1", "alice");
    relay.registerUpload("u-2", "alice");
    TestSocket socket = relay.openAs("alice");

    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-1\"}");
    assertThat(socket.nextJson().path("action").asText()).isEqualTo("subscribed");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-2\"}");
    JsonNode error = socket.nextJson();

    assertThat(error.path("code").asText()).isEqualTo("subscription_limit");
    assertThat(error.path("upload_id").asText()).isEqualTo("u-2");
    assertStillServing(socket);
  }

  @Test
  void subscribingWhileStorageIsDownGetsUnavailable() {
    relay =
        SocketRelay.builder()
            .subscribe(
                (caller, upload) -> {
                  throw new StorageUnavailableException(
                      "PostgreSQL is unreachable", new SQLException("connection refused"));
                })
            .start();
    TestSocket socket = relay.openAs("alice");

    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"u-1\"}");
    JsonNode error = socket.nextJson();

    assertThat(error.path("code").asText()).isEqualTo("unavailable");
    assertThat(error.path("message").asText()).doesNotContain("PostgreSQL");
    assertStillServing(socket);
  }

  private static void assertStillServing(TestSocket socket) {
    socket.send("{\"action\":\"ping\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"pong\"}");
    assertThat(socket.isOpen()).isTrue();
  }
}
