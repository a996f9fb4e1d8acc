package io.progressrelay.domain;

import java.util.List;

/**
 * What a bulk registration did: the ids it registered, how many were unchanged, and the ids that
 * belong to another owner.
 */
public record BulkRegistrationResult(
    List<UploadId> created, int unchanged, List<UploadId> conflicting) {
  public BulkRegistrationResult {
    created = List.copyOf(created);
    conflicting = List.copyOf(conflicting);
  }
}
