package io.progressrelay.application.port.in.grant;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;

/** Lets another user follow an upload (its owner or an admin). */
public interface GrantAccessUseCase {
  /** The outcome of a grant: the grant now in force, and whether this call created it. */
  record GrantOutcome(Grant grant, boolean created) {}

  /**
   * Idempotent: granting twice keeps the first grant.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the caller may not
   *     follow the upload
   * @throws io.progressrelay.application.port.in.AccessDeniedException if the caller follows it but
   *     does not own it
   */
  GrantOutcome grant(Caller caller, UploadId uploadId, UserId grantee);
}
