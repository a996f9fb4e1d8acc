package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link SubscriberDirectory} in memory, for unit tests and the dev mode. */
public final class InMemorySubscriberDirectory implements SubscriberDirectory {
  private final InMemoryStore store;

  public InMemorySubscriberDirectory(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public Map<UploadId, UploadAudience> findAudiences(
      Collection<UploadId> uploadIds, Instant expiryCutoff) {
    return store.locked(
        () -> {
          Map<UploadId, UploadAudience> audiences = new HashMap<>();
          for (UploadId uploadId : uploadIds) {
            audienceOf(uploadId, expiryCutoff)
                .ifPresent(audience -> audiences.put(uploadId, audience));
          }
          return audiences;
        });
  }

  @Override
  public List<UploadId> followedBy(UserId user, Instant expiryCutoff) {
    return store.locked(
        () ->
            store.subscriptions.getOrDefault(user, Map.of()).values().stream()
                .filter(s -> !store.isExpired(s, expiryCutoff))
                .map(Subscription::uploadId)
                .toList());
  }

  @Override
  public Map<UserId, List<UploadId>> followedByEach(
      Collection<UserId> users, Instant expiryCutoff) {
    return store.locked(
        () -> {
          Map<UserId, List<UploadId>> follows = new HashMap<>();
          users.forEach(user -> follows.put(user, followedBy(user, expiryCutoff)));
          return follows;
        });
  }

  // Called with the store locked.
  private Optional<UploadAudience> audienceOf(UploadId uploadId, Instant expiryCutoff) {
    return Optional.ofNullable(store.uploads.get(uploadId))
        .map(
            upload -> {
              Set<UserId> subscribers =
                  store.subscriptions.values().stream()
                      .map(mine -> mine.get(uploadId))
                      .filter(s -> s != null && !store.isExpired(s, expiryCutoff))
                      .map(Subscription::userId)
                      .collect(Collectors.toSet());
              return new UploadAudience(
                  uploadId,
                  store.registrations.get(uploadId),
                  upload.owner(),
                  subscribers,
                  upload.latestEvent());
            });
  }
}
