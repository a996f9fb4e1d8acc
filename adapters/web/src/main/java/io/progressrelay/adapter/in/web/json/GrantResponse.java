package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.Grant;
import java.time.Instant;

/** One grant: the user who may follow the upload, who let them, and when. */
public record GrantResponse(String userId, String grantedBy, Instant grantedAt) {
  public static GrantResponse of(Grant grant) {
    return new GrantResponse(grant.grantee().value(), grant.grantedBy().value(), grant.grantedAt());
  }
}
