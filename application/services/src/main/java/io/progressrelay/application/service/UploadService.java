package io.progressrelay.application.service;

import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.upload.DeleteUploadUseCase;
import io.progressrelay.application.port.in.upload.GetUploadUseCase;
import io.progressrelay.application.port.in.upload.UploadDetails;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadAccess;
import io.progressrelay.domain.UploadId;
import java.time.Clock;
import java.util.Set;

/** Shows uploads to the people who may follow them, and deletes them for backends. */
public final class UploadService implements GetUploadUseCase, DeleteUploadUseCase {
  private static final Set<Role> DELETERS = Set.of(Role.SERVICE, Role.ADMIN);

  private final UploadRepository uploads;
  private final GrantRepository grants;
  private final SubscriptionRepository subscriptions;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final AudienceChangeSink changes;
  private final OneUploadAtATime order;
  private final UploadAccessGuard guard;

  UploadService(
      UploadRepository uploads,
      GrantRepository grants,
      SubscriptionRepository subscriptions,
      SubscriptionPolicy policy,
      Clock clock,
      AudienceChangeSink changes,
      OneUploadAtATime order) {
    this.uploads = uploads;
    this.order = order;
    this.changes = changes;
    this.grants = grants;
    this.subscriptions = subscriptions;
    this.policy = policy;
    this.clock = clock;
    this.guard = new UploadAccessGuard(uploads, grants);
  }

  @Override
  public UploadDetails get(Caller caller, UploadId uploadId) {
    UploadAccess access = guard.followableAccess(caller, uploadId);
    int subscribers = subscriptions.countByUpload(uploadId, policy.expiryCutoff(clock.instant()));
    return new UploadDetails(
        access.upload(), access.visibleGrants(caller, grants.findByUpload(uploadId)), subscribers);
  }

  @Override
  public void delete(Caller caller, UploadId uploadId) {
    Authorization.requireAnyRole(caller, DELETERS);
    order.run(
        uploadId,
        () -> {
          if (!uploads.delete(uploadId)) {
            throw new UploadNotFoundException(uploadId);
          }
          changes.changed(AudienceChange.uploadDeleted(uploadId));
          return null;
        });
  }
}
