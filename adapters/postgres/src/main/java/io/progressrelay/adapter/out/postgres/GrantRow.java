package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;

/** One row of {@code grants}. */
record GrantRow(String uploadId, String granteeId, String grantedBy, Instant grantedAt) {
  static GrantRow of(Grant grant) {
    return new GrantRow(
        grant.uploadId().value(),
        grant.grantee().value(),
        grant.grantedBy().value(),
        grant.grantedAt());
  }

  Grant toGrant() {
    return new Grant(
        new UploadId(uploadId), new UserId(granteeId), new UserId(grantedBy), grantedAt);
  }
}
