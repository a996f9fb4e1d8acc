package io.progressrelay.application.port.in;

/** The caller is known and may see the resource, but lacks the role or standing for the action. */
public final class AccessDeniedException extends RelayException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
