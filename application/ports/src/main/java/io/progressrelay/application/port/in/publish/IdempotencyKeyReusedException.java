package io.progressrelay.application.port.in.publish;

import io.progressrelay.application.port.in.RelayException;

/** The idempotency key was used, within the window, for a request with other events. */
public final class IdempotencyKeyReusedException extends RelayException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyReusedException() {
    super("this 'Idempotency-Key' was used for a request with other events; choose a new key");
  }
}
