package io.progressrelay.adapter.out.postgres;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** {@link UploadRepository} on PostgreSQL; thread-safe. */
public final class PostgresUploadRepository implements UploadRepository {
  private final Jdbi jdbi;
  private final UploadDao uploads;

  public PostgresUploadRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.uploads = jdbi.onDemand(UploadDao.class);
  }

  @Override
  public Optional<Upload> findById(UploadId uploadId) {
    return Outages.translate(() -> uploads.findById(uploadId.value()).map(UploadRow::toUpload));
  }

  @Override
  public RegistrationOutcome register(UploadRegistration registration, Instant createdAt) {
    return Outages.translate(
        () -> {
          String uploadId = registration.uploadId().value();
          String ownerId = registration.ownerId().value();
          return jdbi.withExtension(
              UploadDao.class,
              dao -> {
                // Loops only when the upload is deleted between the insert and the read of its
                // owner.
                while (true) {
                  if (dao.insertIfAbsent(uploadId, ownerId, createdAt)) {
                    return RegistrationOutcome.CREATED;
                  }
                  Optional<String> owner = dao.findOwner(uploadId);
                  if (owner.isPresent()) {
                    return owner.get().equals(ownerId)
                        ? RegistrationOutcome.UNCHANGED
                        : RegistrationOutcome.CONFLICT;
                  }
                }
              });
        });
  }

  @Override
  public BulkRegistrationResult registerAll(List<UploadRegistration> entries, Instant createdAt) {
    return Outages.translate(
        () -> {
          return jdbi.inTransaction(
              handle -> {
                UploadDao dao = handle.attach(UploadDao.class);
                List<UploadId> created = new ArrayList<>();
                int unchanged = 0;
                List<UploadId> conflicting = new ArrayList<>();
                List<UploadRegistration> pending = entries;
                // Repeats only for entries deleted between the insert and the read of their owners.
                while (!pending.isEmpty()) {
                  Set<String> inserted =
                      new HashSet<>(
                          dao.insertAllIfAbsent(ids(pending), owners(pending), createdAt));
                  List<UploadRegistration> existing = new ArrayList<>();
                  for (UploadRegistration entry : pending) {
                    if (inserted.contains(entry.uploadId().value())) {
                      created.add(entry.uploadId());
                    } else {
                      existing.add(entry);
                    }
                  }
                  Map<String, String> ownerById =
                      dao.findOwners(ids(existing)).stream()
                          .collect(
                              Collectors.toMap(UploadOwnerRow::uploadId, UploadOwnerRow::ownerId));
                  List<UploadRegistration> vanished = new ArrayList<>();
                  for (UploadRegistration entry : existing) {
                    String owner = ownerById.get(entry.uploadId().value());
                    if (owner == null) {
                      vanished.add(entry);
                    } else if (owner.equals(entry.ownerId().value())) {
                      unchanged++;
                    } else {
                      conflicting.add(entry.uploadId());
                    }
                  }
                  pending = vanished;
                }
                return new BulkRegistrationResult(created, unchanged, conflicting);
              });
        });
  }

  private static String[] ids(List<UploadRegistration> entries) {
    return entries.stream().map(e -> e.uploadId().value()).toArray(String[]::new);
  }

  private static String[] owners(List<UploadRegistration> entries) {
    return entries.stream().map(e -> e.ownerId().value()).toArray(String[]::new);
  }

  @Override
  public boolean delete(UploadId uploadId) {
    return Outages.translate(() -> uploads.delete(uploadId.value()));
  }

  @Override
  public Optional<LatestEvent> findLatestEvent(UploadId uploadId, long registration) {
    return Outages.translate(() -> uploads.findLatestEvent(uploadId.value(), registration));
  }

  @Override
  public boolean saveLatestEvent(UploadId uploadId, long registration, LatestEvent event) {
    return Outages.translate(
        () -> {
          String id = uploadId.value();
          boolean saved =
              uploads.saveLatestEventUnlessOlder(
                  id,
                  registration,
                  event.action(),
                  event.payload(),
                  event.receivedAt(),
                  event.isTerminal());
          // Nothing updated means either no such registration or a newer event already stored.
          return saved || uploads.exists(id, registration);
        });
  }

  @Override
  public void saveLatestEvents(Collection<RegisteredLatestEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    int size = events.size();
    String[] ids = new String[size];
    String[] registrations = new String[size];
    String[] actions = new String[size];
    String[] payloads = new String[size];
    String[] receivedAts = new String[size];
    String[] terminals = new String[size];
    int i = 0;
    for (RegisteredLatestEvent registered : events) {
      LatestEvent event = registered.event();
      ids[i] = registered.uploadId().value();
      registrations[i] = Long.toString(registered.registration());
      actions[i] = event.action();
      payloads[i] = event.payload();
      receivedAts[i] = event.receivedAt().toString();
      terminals[i] = Boolean.toString(event.isTerminal());
      i++;
    }
    Outages.translate(
        () ->
            uploads.saveLatestEventsUnlessOlder(
                ids, registrations, actions, payloads, receivedAts, terminals));
  }
}
