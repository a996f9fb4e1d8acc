package io.progressrelay.application.service;

import io.progressrelay.application.port.in.grant.GrantAccessUseCase;
import io.progressrelay.application.port.in.grant.ListGrantsUseCase;
import io.progressrelay.application.port.in.grant.RevokeAccessUseCase;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Lets owners and admins decide who else may follow an upload. */
public final class GrantService
    implements GrantAccessUseCase, RevokeAccessUseCase, ListGrantsUseCase {
  private final GrantRepository grants;
  private final Clock clock;
  private final AudienceChangeSink changes;
  private final UploadAccessGuard guard;
  private final OneUploadAtATime order;

  GrantService(
      UploadRepository uploads,
      GrantRepository grants,
      Clock clock,
      AudienceChangeSink changes,
      OneUploadAtATime order) {
    this.grants = grants;
    this.order = order;
    this.changes = changes;
    this.clock = clock;
    this.guard = new UploadAccessGuard(uploads, grants);
  }

  @Override
  public GrantOutcome grant(Caller caller, UploadId uploadId, UserId grantee) {
    guard.manageable(caller, uploadId);
    var grant =
        new Grant(
            uploadId, grantee, caller.userId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    GrantRepository.AddedGrant added = grants.add(grant);
    return new GrantOutcome(added.grant(), added.created());
  }

  @Override
  public void revoke(Caller caller, UploadId uploadId, UserId grantee) {
    order.run(
        uploadId,
        () -> {
          guard.manageable(caller, uploadId);
          if (grants.revoke(uploadId, grantee)) {
            changes.changed(AudienceChange.accessRevoked(grantee, uploadId));
          }
          return null;
        });
  }

  @Override
  public List<Grant> list(Caller caller, UploadId uploadId) {
    guard.manageable(caller, uploadId);
    return grants.findByUpload(uploadId);
  }
}
