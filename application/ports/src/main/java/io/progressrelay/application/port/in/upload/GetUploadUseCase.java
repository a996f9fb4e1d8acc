package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;

/** Shows one upload to its owner, a grantee or an admin. */
public interface GetUploadUseCase {
  /**
   * The upload with its grants: all of them for its owner or an admin, only their own for a
   * grantee.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if it does not exist or
   *     the caller may not follow it
   */
  UploadDetails get(Caller caller, UploadId uploadId);
}
