package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.UploadId;
import java.util.List;

/** The answer to a bulk registration: counts per outcome and the ids owned by someone else. */
public record BulkRegistrationResponse(
    int created, int unchanged, int conflicting, List<String> conflicts) {
  public static BulkRegistrationResponse of(BulkRegistrationResult result) {
    List<String> conflicts = result.conflicting().stream().map(UploadId::value).toList();
    return new BulkRegistrationResponse(
        result.created().size(), result.unchanged(), conflicts.size(), conflicts);
  }
}
