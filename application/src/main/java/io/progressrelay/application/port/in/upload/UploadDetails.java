package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.Grant;
import io.progressrelay.domain.Upload;
import java.util.List;

/** An upload as its followers see it: owner, grants, how many subscribe, latest event. */
public record UploadDetails(Upload upload, List<Grant> grants, int subscriberCount) {
  public UploadDetails {
    grants = List.copyOf(grants);
  }
}
