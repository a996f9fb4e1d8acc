package io.progressrelay.application.port.in.upload;

import io.progressrelay.domain.UploadId;
import java.util.List;

/** What a bulk registration did: counts per outcome and the ids that belong to another owner. */
public record BulkRegistrationResult(int created, int unchanged, List<UploadId> conflicting) {
  public BulkRegistrationResult {
    conflicting = List.copyOf(conflicting);
  }
}
