package io.progressrelay.application.port.in;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Role;
import java.util.Set;
import java.util.stream.Collectors;

/** Role checks shared by the use cases that only backends and admins may call. */
public final class Authorization {
  private Authorization() {}

  /** Throws {@link AccessDeniedException} unless {@code caller} holds one of {@code anyOf}. */
  public static void requireAnyRole(Caller caller, Set<Role> anyOf) {
    if (!caller.hasAnyRole(anyOf)) {
      String names =
          anyOf.stream().map(Role::claimValue).sorted().collect(Collectors.joining("' or '"));
      throw new AccessDeniedException("this action requires the role '" + names + "'");
    }
  }
}
