package io.progressrelay.application.port.in.relay;

import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.domain.Caller;

/** Registers an authenticated browser connection so events for its user reach it. */
public interface ConnectClientUseCase {
  /**
   * @throws ConnectionLimitException when the user already has the maximum number of connections
   */
  ClientSession connect(Caller caller, ClientGateway gateway);
}
