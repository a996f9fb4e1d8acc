package io.progressrelay.application.service;

import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadAccess;
import io.progressrelay.domain.UploadId;

/** Loads an upload for a caller, answering "not found" whenever the caller may not follow it. */
final class UploadAccessGuard {
  private final UploadRepository uploads;
  private final GrantRepository grants;

  UploadAccessGuard(UploadRepository uploads, GrantRepository grants) {
    this.uploads = uploads;
    this.grants = grants;
  }

  /** The upload, if the caller is its owner, a grantee or an admin. */
  Upload followable(Caller caller, UploadId uploadId) {
    return followableAccess(caller, uploadId).upload();
  }

  /** What the caller may do with the upload, if they may follow it at all. */
  UploadAccess followableAccess(Caller caller, UploadId uploadId) {
    Upload upload =
        uploads.findById(uploadId).orElseThrow(() -> new UploadNotFoundException(uploadId));
    UploadAccess access = access(caller, upload);
    if (!access.canFollow(caller)) {
      throw new UploadNotFoundException(uploadId);
    }
    return access;
  }

  /** The upload, if the caller owns it or is an admin; grantees learn they may not manage it. */
  Upload manageable(Caller caller, UploadId uploadId) {
    Upload upload = followable(caller, uploadId);
    if (!access(caller, upload).canManageGrants(caller)) {
      throw new AccessDeniedException("only the upload's owner or an admin may manage its grants");
    }
    return upload;
  }

  private UploadAccess access(Caller caller, Upload upload) {
    boolean privileged = caller.isAdmin() || upload.isOwnedBy(caller.userId());
    boolean grantee = !privileged && grants.find(upload.id(), caller.userId()).isPresent();
    return new UploadAccess(upload, grantee);
  }
}
