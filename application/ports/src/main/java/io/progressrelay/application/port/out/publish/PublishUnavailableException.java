package io.progressrelay.application.port.out.publish;

/** Redis cannot be reached to publish (or to check an idempotency key); retry later. */
public final class PublishUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
