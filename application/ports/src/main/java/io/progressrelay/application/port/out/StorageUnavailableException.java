package io.progressrelay.application.port.out;

/**
 * The store behind an out-port cannot be reached right now (down, restarting, pool exhausted);
 * nothing was changed, and the same call may succeed later. No business rule refused the call, so
 * it is no {@code RelayException}: driving adapters answer it as "retry later".
 */
public final class StorageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
