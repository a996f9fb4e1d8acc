package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.out.RegisteredLatestEvent;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fake {@link UploadRepository} for the application's tests: the in-memory adapter's rules, held
 * to the same contract.
 */
public final class FakeUploadRepository implements UploadRepository {
  private final FakeStore store;

  public FakeUploadRepository(FakeStore store) {
    this.store = store;
  }

  @Override
  public Optional<Upload> findById(UploadId uploadId) {
    return store.locked(() -> Optional.ofNullable(store.uploads.get(uploadId)));
  }

  @Override
  public RegistrationOutcome register(UploadRegistration registration, Instant createdAt) {
    return store.locked(() -> registerLocked(registration, createdAt));
  }

  @Override
  public BulkRegistrationResult registerAll(List<UploadRegistration> entries, Instant createdAt) {
    return store.locked(
        () -> {
          List<UploadId> created = new ArrayList<>();
          int unchanged = 0;
          List<UploadId> conflicting = new ArrayList<>();
          for (UploadRegistration entry : entries) {
            switch (registerLocked(entry, createdAt)) {
              case CREATED -> created.add(entry.uploadId());
              case UNCHANGED -> unchanged++;
              case CONFLICT -> conflicting.add(entry.uploadId());
            }
          }
          return new BulkRegistrationResult(created, unchanged, conflicting);
        });
  }

  private RegistrationOutcome registerLocked(UploadRegistration entry, Instant createdAt) {
    Upload existing = store.uploads.get(entry.uploadId());
    if (existing == null) {
      store.uploads.put(
          entry.uploadId(), Upload.registered(entry.uploadId(), entry.ownerId(), createdAt));
      store.registrations.put(entry.uploadId(), ++store.lastRegistration);
      return RegistrationOutcome.CREATED;
    }
    return existing.isOwnedBy(entry.ownerId())
        ? RegistrationOutcome.UNCHANGED
        : RegistrationOutcome.CONFLICT;
  }

  @Override
  public boolean delete(UploadId uploadId) {
    return store.locked(
        () -> {
          store.grants.remove(uploadId);
          store.subscriptions.values().forEach(byUpload -> byUpload.remove(uploadId));
          store.registrations.remove(uploadId);
          return store.uploads.remove(uploadId) != null;
        });
  }

  @Override
  public Optional<LatestEvent> findLatestEvent(UploadId uploadId, long registration) {
    return store.locked(
        () ->
            isCurrent(uploadId, registration)
                ? store.uploads.get(uploadId).latestEvent()
                : Optional.empty());
  }

  @Override
  public void saveLatestEvents(Collection<RegisteredLatestEvent> events) {
    store.locked(
        () -> {
          events.forEach(e -> saveLatestEvent(e.uploadId(), e.registration(), e.event()));
          return null;
        });
  }

  @Override
  public boolean saveLatestEvent(UploadId uploadId, long registration, LatestEvent event) {
    return store.locked(
        () -> {
          if (!isCurrent(uploadId, registration)) {
            return false;
          }
          Upload upload = store.uploads.get(uploadId);
          boolean older =
              upload
                  .latestEvent()
                  .map(e -> e.receivedAt().isAfter(event.receivedAt()))
                  .orElse(false);
          if (!older) {
            store.uploads.put(uploadId, upload.withLatestEvent(event));
          }
          return true;
        });
  }

  // Called with the store's lock held.
  private boolean isCurrent(UploadId uploadId, long registration) {
    return Objects.equals(store.registrations.get(uploadId), registration);
  }
}
