package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.socket.TestSocket.Closed;
import org.junit.jupiter.api.Test;

class SocketGracefulStopTest {
  @Test
  void closingTheServerClosesEverySocketWith1012First() {
    SocketRelay relay = SocketRelay.start();
    TestSocket authenticated = relay.openAs("alice");
    TestSocket waitingForAuth = relay.open();

    relay.close();

    assertThat(authenticated.awaitClose()).isEqualTo(new Closed(1012, "service restart"));
    assertThat(waitingForAuth.awaitClose()).isEqualTo(new Closed(1012, "service restart"));
    assertThat(relay.engine().sessionsOf("alice")).isEmpty();
    assertThat(relay.endpoint().stats().openConnections()).isZero();
  }
}
