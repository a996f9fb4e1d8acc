package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.progressrelay.domain.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the optional {@code roles} claim: an array of role names, unknown names ignored. */
final class RolesClaim {
  static final String NAME = "roles";

  private RolesClaim() {}

  static Set<Role> read(JWTClaimsSet claims) throws AuthenticationException {
    Object value = claims.getClaim(NAME);
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof List<?> names)) {
      throw AuthenticationException.invalid("its 'roles' claim is not an array");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object name : names) {
      if (!(name instanceof String text)) {
        throw AuthenticationException.invalid(
            "its 'roles' claim holds a value that is not a string");
      }
      // A role this service does not know grants nothing, so newer issuers stay compatible.
      Optional<Role> role = Role.fromClaim(text);
      role.ifPresent(roles::add);
    }
    return roles;
  }

  static List<String> write(Set<Role> roles) {
    return roles.stream().map(Role::claimValue).sorted().toList();
  }
}
