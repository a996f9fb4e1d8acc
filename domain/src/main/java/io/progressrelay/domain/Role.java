package io.progressrelay.domain;

import java.util.Locale;
import java.util.Optional;

/** A privilege carried in the token's {@code roles} claim; ordinary users carry none. */
public enum Role {
  /** Sees and manages every upload, subscription and grant. */
  ADMIN,
  /** A backend (the upload workers' side) that registers and deletes uploads. */
  SERVICE;

  /** The spelling used in tokens: {@code admin}, {@code service}. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role spelled {@code claimValue}, or empty for a role this service does not know. */
  public static Optional<Role> fromClaim(String claimValue) {
    for (Role role : values()) {
      if (role.claimValue().equals(claimValue)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
