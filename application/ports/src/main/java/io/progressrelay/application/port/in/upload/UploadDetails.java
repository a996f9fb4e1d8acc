package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.Grant;
import io.progressrelay.domain.Upload;
import java.util.List;

/**
 * An upload as one follower sees it: owner, the grants they may see (all for the owner or an admin,
 * their own for a grantee), how many subscribe, latest event.
 */
public record UploadDetails(Upload upload, List<Grant> grants, int subscriberCount) {
  public UploadDetails {
    grants = List.copyOf(grants);
  }
}
