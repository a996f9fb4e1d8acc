package io.progressrelay.adapter.in.web.auth;

import io.progressrelay.domain.Caller;
import java.time.Instant;
import java.util.Objects;

/** The caller a valid token names, and the moment the token stops being accepted. */
public record AuthenticatedCaller(Caller caller, Instant expiresAt) {
  public AuthenticatedCaller {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
