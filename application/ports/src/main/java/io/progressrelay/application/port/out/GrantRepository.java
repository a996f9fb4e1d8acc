package io.progressrelay.application.port.out;

import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.List;
import java.util.Optional;

/** Stores which users may follow which uploads; safe for concurrent use. */
public interface GrantRepository {
  /**
   * Adds the grant unless the grantee already has one, and returns the grant in force.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the upload is gone
   */
  AddedGrant add(Grant grant);

  /** Removes the grant and, in the same transaction, the grantee's subscription to the upload. */
  boolean revoke(UploadId uploadId, UserId grantee);

  /** The upload's grants, oldest first. */
  List<Grant> findByUpload(UploadId uploadId);

  Optional<Grant> find(UploadId uploadId, UserId grantee);

  /** The grant in force after {@link #add}, and whether that call created it. */
  record AddedGrant(Grant grant, boolean created) {}
}
