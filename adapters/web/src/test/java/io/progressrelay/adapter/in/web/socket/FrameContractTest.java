package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test clients hold the relay to the AsyncAPI document: a frame that drifts from its schema
 * fails the test that sends or receives it, with the schema's complaint and the frame, and a frame
 * sent unchecked on purpose still reaches the relay.
 */
class FrameContractTest {
  private SocketRelay relay;

  @BeforeEach
  void startRelay() {
    relay = SocketRelay.start();
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  @Test
  void aServerFrameMissingARequiredFieldFailsTheTestThatReadsIt() {
    TestSocket socket = relay.openV2As(relay.token("alice"));

    relay.engine().awaitSessionOf("alice").send("{\"action\":\"token_refreshed\"}");

    assertThatThrownBy(socket::nextFrame)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("TokenRefreshedFrame")
        .hasMessageContaining("expires_at")
        .hasMessageContaining("{\"action\":\"token_refreshed\"}");
    socket.close();
  }

  @Test
  void aFrameOfAnotherProtocolVersionFailsTheTest() {
    TestSocket socket = relay.openAs("alice");

    relay
        .engine()
        .awaitSessionOf("alice")
        .send("{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"epoch_changed\"}");

    assertThatThrownBy(socket::nextFrame)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("socketV1")
        .hasMessageContaining("WorkerEventFrame");
    socket.close();
  }

  @Test
  void aBrokenFrameTheTestNeverReadFailsItWhenTheSocketCloses() {
    TestSocket socket = relay.openAs("alice");

    relay.engine().awaitSessionOf("alice").send("{\"action\":\"subscribed\"}");
    await().until(() -> socket.pendingFrames() == 1);

    assertThatThrownBy(socket::close)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("unread")
        .hasMessageContaining("SubscribedFrame")
        .hasMessageContaining("upload_id");
  }

  @Test
  void aClientFrameThatBreaksItsSchemaIsNotSentAndFailsTheTest() {
    TestSocket socket = relay.openAs("alice");

    assertThatThrownBy(() -> socket.send("{\"action\":\"subscribe_upload\",\"uploadId\":\"u-1\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SubscribeUploadFrame")
        .hasMessageContaining("upload_id");
    socket.send("{\"action\":\"ping\"}");
    assertThat(socket.nextFrame()).isEqualTo(ServerFrames.PONG);
  }

  @Test
  void aFrameSentUncheckedOnPurposeReachesTheRelay() {
    TestSocket socket = relay.openAs("alice");

    socket.sendUnchecked("{\"action\":\"subscribe_upload\",\"uploadId\":\"u-1\"}");

    assertThat(socket.nextFrame()).contains("\"code\":\"invalid_value\"");
  }
}
