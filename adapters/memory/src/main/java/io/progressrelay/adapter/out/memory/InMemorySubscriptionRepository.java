package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.StoredSubscription;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link SubscriptionRepository} in memory, for unit tests and the dev mode. */
public final class InMemorySubscriptionRepository implements SubscriptionRepository {
  private static final Comparator<Subscription> NEWEST_FIRST =
      Comparator.comparing(Subscription::subscribedAt)
          .thenComparing(Subscription::uploadId)
          .reversed();

  private final InMemoryStore store;

  public InMemorySubscriptionRepository(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public SubscribeOutcome add(Subscription subscription, int maxPerUser, Instant expiryCutoff) {
    return store.locked(
        () -> {
          if (!store.uploads.containsKey(subscription.uploadId())) {
            throw new UploadNotFoundException(subscription.uploadId());
          }
          Map<UploadId, Subscription> mine = store.subscriptionsOf(subscription.userId());
          Subscription existing = mine.get(subscription.uploadId());
          if (existing != null && !store.isExpired(existing, expiryCutoff)) {
            return SubscribeOutcome.UNCHANGED;
          }
          long live = mine.values().stream().filter(s -> !store.isExpired(s, expiryCutoff)).count();
          if (live >= maxPerUser) {
            return SubscribeOutcome.LIMIT_REACHED;
          }
          mine.put(subscription.uploadId(), subscription);
          return SubscribeOutcome.CREATED;
        });
  }

  @Override
  public boolean remove(UserId userId, UploadId uploadId) {
    return store.locked(() -> store.subscriptionsOf(userId).remove(uploadId) != null);
  }

  @Override
  public List<StoredSubscription> findByUser(
      UserId userId, Instant expiryCutoff, Optional<SubscriptionCursor> after, int limit) {
    return store.locked(
        () ->
            store.subscriptionsOf(userId).values().stream()
                .filter(s -> !store.isExpired(s, expiryCutoff))
                .filter(s -> after.map(cursor -> isAfter(s, cursor)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .map(s -> new StoredSubscription(s, store.finishedAt(s)))
                .toList());
  }

  private static boolean isAfter(Subscription s, SubscriptionCursor cursor) {
    int bySubscribedAt = s.subscribedAt().compareTo(cursor.subscribedAt());
    return bySubscribedAt < 0
        || (bySubscribedAt == 0 && s.uploadId().compareTo(cursor.uploadId()) < 0);
  }

  @Override
  public int countByUpload(UploadId uploadId, Instant expiryCutoff) {
    return store.locked(
        () ->
            (int)
                store.subscriptions.values().stream()
                    .map(mine -> mine.get(uploadId))
                    .filter(s -> s != null && !store.isExpired(s, expiryCutoff))
                    .count());
  }

  @Override
  public Map<UserId, Integer> countByUsers(Set<UserId> users, Instant expiryCutoff) {
    return store.locked(
        () -> {
          Map<UserId, Integer> counts = new HashMap<>();
          for (UserId user : users) {
            int live =
                (int)
                    store.subscriptionsOf(user).values().stream()
                        .filter(s -> !store.isExpired(s, expiryCutoff))
                        .count();
            if (live > 0) {
              counts.put(user, live);
            }
          }
          return counts;
        });
  }

  @Override
  public int deleteExpired(Instant expiryCutoff) {
    return store.locked(
        () -> {
          int deleted = 0;
          for (Map<UploadId, Subscription> mine : store.subscriptions.values()) {
            for (Iterator<Subscription> it = mine.values().iterator(); it.hasNext(); ) {
              if (store.isExpired(it.next(), expiryCutoff)) {
                it.remove();
                deleted++;
              }
            }
          }
          return deleted;
        });
  }
}
