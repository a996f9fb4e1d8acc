package io.progressrelay.application.port.out;

import io.progressrelay.application.port.in.RelayException;

/**
 * The store behind an out-port cannot be reached right now (down, restarting, pool exhausted);
 * nothing was changed, and the same call may succeed later.
 */
public final class StorageUnavailableException extends RelayException {
  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }
}
