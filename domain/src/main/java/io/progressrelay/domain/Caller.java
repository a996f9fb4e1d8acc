package io.progressrelay.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The authenticated user behind a request, with the roles their token grants. */
public record Caller(UserId userId, Set<Role> roles) {
  public Caller {
    Objects.requireNonNull(userId, "userId");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public static Caller user(UserId userId) {
    return new Caller(userId, Set.of());
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** True when the caller holds at least one of {@code anyOf}. */
  public boolean hasAnyRole(Set<Role> anyOf) {
    return anyOf.stream().anyMatch(roles::contains);
  }
}
