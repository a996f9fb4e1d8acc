package io.progressrelay.application.service;

import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.UploadOwnerConflictException;
import io.progressrelay.application.port.in.upload.BulkRegisterUploadsUseCase;
import io.progressrelay.application.port.in.upload.RegisterUploadUseCase;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers upload ownership for the backends that create uploads, and reports each new
 * registration, so that no instance keeps routing its id by what it knew from before.
 */
public final class UploadRegistrationService
    implements RegisterUploadUseCase, BulkRegisterUploadsUseCase {
  private static final Set<Role> REGISTRARS = Set.of(Role.SERVICE, Role.ADMIN);

  private final UploadRepository uploads;
  private final Clock clock;
  private final AudienceChangeSink changes;
  private final OneUploadAtATime order;

  UploadRegistrationService(
      UploadRepository uploads, Clock clock, AudienceChangeSink changes, OneUploadAtATime order) {
    this.uploads = uploads;
    this.order = order;
    this.clock = clock;
    this.changes = changes;
  }

  @Override
  public RegistrationOutcome register(Caller caller, UploadRegistration registration) {
    Authorization.requireAnyRole(caller, REGISTRARS);
    UploadId uploadId = registration.uploadId();
    RegistrationOutcome outcome =
        order.run(
            uploadId,
            () -> {
              RegistrationOutcome stored = uploads.register(registration, now());
              if (stored == RegistrationOutcome.CREATED) {
                changes.changed(AudienceChange.uploadRegistered(uploadId));
              }
              return stored;
            });
    if (outcome == RegistrationOutcome.CONFLICT) {
      throw new UploadOwnerConflictException(uploadId);
    }
    return outcome;
  }

  @Override
  public BulkRegistrationResult registerAll(Caller caller, List<UploadRegistration> entries) {
    Authorization.requireAnyRole(caller, REGISTRARS);
    if (entries.isEmpty()) {
      throw new InvalidValueException("entries", "the request must name at least one upload");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new InvalidValueException(
          "entries", "a bulk request takes at most " + MAX_ENTRIES + " uploads");
    }
    requireDistinctIds(entries);
    List<UploadId> ids = entries.stream().map(UploadRegistration::uploadId).toList();
    return order.runAll(
        ids,
        () -> {
          BulkRegistrationResult result = uploads.registerAll(entries, now());
          if (!result.created().isEmpty()) {
            changes.changedAll(
                result.created().stream().map(AudienceChange::uploadRegistered).toList());
          }
          return result;
        });
  }

  private static void requireDistinctIds(List<UploadRegistration> entries) {
    Map<UploadId, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Integer earlier = firstIndex.putIfAbsent(entries.get(i).uploadId(), i);
      if (earlier != null) {
        String field = "[" + i + "].uploadId";
        throw new InvalidValueException(
            field, "'" + field + "' repeats the upload id of entry [" + earlier + "]");
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
