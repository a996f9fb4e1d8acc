package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which protocol a socket speaks, negotiated with the standard WebSocket subprotocol header. */
class SocketProtocolNegotiationTest {
  private SocketRelay relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void aSocketOfferingNoSubprotocolSpeaksTheOldProtocolAndGetsNoneSelected() {
    relay = SocketRelay.start();

    TestSocket socket = relay.openAs("alice");

    assertThat(socket.subprotocol()).isEmpty();
    assertThat(relay.engine().awaitSessionOf("alice").capabilities())
        .isEqualTo(ClientCapabilities.EVENTS_ONLY);
  }

  @Test
  void aSocketOfferingProgressRelayV2GetsItSelected() {
    relay = SocketRelay.start();

    TestSocket socket = relay.openV2As(relay.token("alice"));

    assertThat(socket.subprotocol()).isEqualTo("progress-relay.v2");
    assertThat(relay.engine().awaitSessionOf("alice").capabilities())
        .isEqualTo(ClientCapabilities.LATEST_ON_SUBSCRIBE);
  }

  @Test
  void v2IsSelectedAmongOtherOfferedSubprotocols() {
    relay = SocketRelay.start();

    TestSocket socket =
        TestSocket.open(
            relay.uri(ClientSocketEndpoint.API_PATH),
            Map.of(),
            List.of("chat", "progress-relay.v2", "progress-relay.v9"));

    assertThat(socket.subprotocol()).isEqualTo("progress-relay.v2");
  }

  @Test
  void theOperatorMayGiveOldProtocolSocketsTheLatestEventOnSubscribe() {
    relay = SocketRelay.builder().v1Options(new V1SocketOptions(false, true)).start();

    relay.openAs("alice");

    assertThat(relay.engine().awaitSessionOf("alice").capabilities())
        .isEqualTo(ClientCapabilities.LATEST_ON_SUBSCRIBE);
  }
}
