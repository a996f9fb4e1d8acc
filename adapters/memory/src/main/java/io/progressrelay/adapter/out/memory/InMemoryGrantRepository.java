package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link GrantRepository} in memory, for unit tests and the dev mode. */
public final class InMemoryGrantRepository implements GrantRepository {
  private final InMemoryStore store;

  public InMemoryGrantRepository(InMemoryStore store) {
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
