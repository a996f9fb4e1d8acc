package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventFramesTest {
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
  void everyFixtureEventWrittenThroughTheGatewayArrivesByteForByteAndInOrder() {
    TestSocket socket = relay.openAs("alice");
    TestRelayEngine.Connection session = relay.engine().awaitSessionOf("alice");
    List<String> payloads = VuemanticsFixtures.everyEventPayload();

    payloads.forEach(session::send);

    List<String> received = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      received.add(socket.nextFrame());
    }
    assertThat(payloads).hasSize(12);
    assertThat(received).containsExactlyElementsOf(payloads);
  }

  @Test
  void theOutboundFrameSizeIsNotLimitedByTheInboundLimit() {
    TestSocket socket = relay.openAs("alice");
    String large =
        "{\"action\":\"upload_completed\",\"description\":\"" + "d".repeat(64 * 1024) + "\"}";

    relay.engine().awaitSessionOf("alice").send(large);

    assertThat(socket.nextFrame()).isEqualTo(large);
  }

  @Test
  void theServerFramesKeepThePythonRelaysShapes() {
    TestSocket socket = relay.open();
    socket.send(SocketRelay.authFrame(relay.token("a3f9e2c1-7b4d-4e8a-9c0f-1d2e3f4a5b6c")));

    assertThat(socket.nextFrame()).isEqualTo(VuemanticsFixtures.read("server_auth_success.json"));
    assertThat(ServerFrames.PING).isEqualTo(VuemanticsFixtures.read("server_ping.json"));
  }

  @Test
  void theGatewayClosesASlowConsumerWith4008() {
    TestSocket socket = relay.openAs("alice");

    relay.engine().awaitSessionOf("alice").socket().disconnect(DisconnectReason.SLOW_CONSUMER);

    assertThat(socket.awaitClose()).isEqualTo(new Closed(4008, "slow consumer: reconnect"));
  }
}
