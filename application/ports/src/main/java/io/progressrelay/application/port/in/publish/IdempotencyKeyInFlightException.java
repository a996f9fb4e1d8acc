package io.progressrelay.application.port.in.publish;

import io.progressrelay.application.port.in.RelayException;

/** A request with the same idempotency key is still being published; retry shortly. */
public final class IdempotencyKeyInFlightException extends RelayException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyInFlightException() {
    super("a request with this 'Idempotency-Key' is still in progress; retry shortly");
  }
}
