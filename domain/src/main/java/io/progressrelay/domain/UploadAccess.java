package io.progressrelay.domain;

import java.util.List;
import java.util.Objects;

/** Decides what a caller may do with one upload, given whether they hold a grant for it. */
public record UploadAccess(Upload upload, boolean callerIsGrantee) {
  public UploadAccess {
    Objects.requireNonNull(upload, "upload");
  }

  /** Owner, grantee or admin: may see the upload and subscribe to its events. */
  public boolean canFollow(Caller caller) {
    return caller.isAdmin() || upload.isOwnedBy(caller.userId()) || callerIsGrantee;
  }

  /** Owner or admin: may grant and revoke other users' access. */
  public boolean canManageGrants(Caller caller) {
    return caller.isAdmin() || upload.isOwnedBy(caller.userId());
  }

  /**
   * Of the upload's {@code grants}, those the caller may see: all of them for those who manage
   * them, only their own for anyone else, so that grantees do not learn each other's user ids.
   */
  public List<Grant> visibleGrants(Caller caller, List<Grant> grants) {
    if (canManageGrants(caller)) {
      return grants;
    }
    return grants.stream().filter(grant -> grant.grantee().equals(caller.userId())).toList();
  }
}
