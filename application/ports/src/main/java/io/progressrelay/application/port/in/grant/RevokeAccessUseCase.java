package io.progressrelay.application.port.in.grant;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;

/** Takes back a grant, which also ends the grantee's subscription to the upload. */
public interface RevokeAccessUseCase {
  /**
   * Idempotent: revoking a grant that does not exist changes nothing.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the caller may not
   *     follow the upload
   * @throws io.progressrelay.application.port.in.AccessDeniedException if the caller follows it but
   *     does not own it
   */
  void revoke(Caller caller, UploadId uploadId, UserId grantee);
}
