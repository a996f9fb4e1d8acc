package io.progressrelay.application.port.in;

/** A business rule refused a use case; each subclass maps to exactly one answer at the edge. */
public abstract class RelayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected RelayException(String message) {
    super(message);
  }
}
