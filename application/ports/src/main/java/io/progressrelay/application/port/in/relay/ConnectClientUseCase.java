package io.progressrelay.application.port.in.relay;

import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.domain.Caller;

/** Registers an authenticated browser connection so events for its user reach it. */
public interface ConnectClientUseCase {
  /**
   * Registers the connection and queues {@code greeting} (such as {@code auth_success}) as its
   * first frame, ahead of any event that arrives meanwhile; {@code capabilities} say what it
   * receives besides the events.
   *
   * @throws ConnectionLimitException when the user already has the maximum number of connections;
   *     then nothing was written
   */
  ClientConnection connect(
      Caller caller, ClientSocket socket, String greeting, ClientCapabilities capabilities);
}
