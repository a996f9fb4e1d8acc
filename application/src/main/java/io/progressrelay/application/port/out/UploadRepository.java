package io.progressrelay.application.port.out;

import io.progressrelay.application.port.in.upload.BulkRegistrationResult;
import io.progressrelay.application.port.in.upload.RegistrationOutcome;
import io.progressrelay.application.port.in.upload.UploadRegistration;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores uploads and their owners; implementations are safe for concurrent use. */
public interface UploadRepository {
  Optional<Upload> findById(UploadId uploadId);

  /** Registers the upload unless it exists; atomic, so concurrent calls agree on one owner. */
  RegistrationOutcome register(UploadRegistration registration, Instant createdAt);

  /**
   * Registers every new entry in one transaction; entries already registered to the same owner are
   * unchanged, those registered to another owner are reported as conflicting. Ids are distinct.
   */
  BulkRegistrationResult registerAll(List<UploadRegistration> entries, Instant createdAt);

  /** Deletes the upload with its grants and subscriptions; false if there was none. */
  boolean delete(UploadId uploadId);

  /** Remembers {@code event} as the upload's latest; false if the upload is not registered. */
  boolean saveLatestEvent(UploadId uploadId, LatestEvent event);

  /**
   * Remembers many uploads' latest events at once (in one statement where the store allows); like
   * {@link #saveLatestEvent}, an event older than the stored one and unregistered uploads are
   * skipped.
   */
  void saveLatestEvents(Map<UploadId, LatestEvent> events);
}
