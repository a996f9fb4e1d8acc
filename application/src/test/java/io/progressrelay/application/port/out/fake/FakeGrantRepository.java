package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake {@link GrantRepository} for the application's tests: the in-memory adapter's rules, held
 * to the same contract.
 */
public final class FakeGrantRepository implements GrantRepository {
  private final FakeStore store;

  public FakeGrantRepository(FakeStore store) {
    this.store = store;
  }

  @Override
  public AddedGrant add(Grant grant) {
    return store.locked(
        () -> {
          if (!store.uploads.containsKey(grant.uploadId())) {
            throw new UploadNotFoundException(grant.uploadId());
          }
          Map<UserId, Grant> grants = store.grantsOf(grant.uploadId());
          Grant existing = grants.putIfAbsent(grant.grantee(), grant);
          return existing == null ? new AddedGrant(grant, true) : new AddedGrant(existing, false);
        });
  }

  @Override
  public boolean revoke(UploadId uploadId, UserId grantee) {
    return store.locked(
        () -> {
          store.subscriptionsOf(grantee).remove(uploadId);
          return store.grantsOf(uploadId).remove(grantee) != null;
        });
  }

  @Override
  public List<Grant> findByUpload(UploadId uploadId) {
    return store.locked(
        () ->
            store.grantsOf(uploadId).values().stream()
                .sorted(Comparator.comparing(Grant::grantedAt).thenComparing(Grant::grantee))
                .toList());
  }

  @Override
  public Optional<Grant> find(UploadId uploadId, UserId grantee) {
    return store.locked(() -> Optional.ofNullable(store.grantsOf(uploadId).get(grantee)));
  }
}
