package io.progressrelay.application.port.out;

import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Stores uploads and their owners; implementations are safe for concurrent use. Each registration
 * of an id has its own number (see {@link UploadAudience#registration()}); a latest event is stored
 * and found only under the registration it belongs to.
 */
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

  /** The latest event stored for that registration; empty if none, or if it ended. */
  Optional<LatestEvent> findLatestEvent(UploadId uploadId, long registration);

  /**
   * Remembers {@code event} as the latest of that registration unless a newer one is stored; false
   * if the upload is not registered, or registered anew since.
   */
  boolean saveLatestEvent(UploadId uploadId, long registration, LatestEvent event);

  /**
   * Remembers many uploads' latest events at once (in one statement where the store allows), by the
   * rules of {@link #saveLatestEvent}: events of ended registrations and events older than the
   * stored one are skipped.
   */
  void saveLatestEvents(Collection<RegisteredLatestEvent> events);
}
