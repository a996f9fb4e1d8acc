package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.StoredSubscription;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** {@link SubscriptionRepository} on PostgreSQL; thread-safe, the limit holds across instances. */
public final class PostgresSubscriptionRepository implements SubscriptionRepository {
  private final Jdbi jdbi;
  private final SubscriptionDao subscriptions;

  public PostgresSubscriptionRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.subscriptions = jdbi.onDemand(SubscriptionDao.class);
  }

  @Override
  public SubscribeOutcome add(Subscription subscription, int maxPerUser, Instant expiryCutoff) {
    return Outages.translate(
        () -> {
          String userId = subscription.userId().value();
          String uploadId = subscription.uploadId().value();
          return jdbi.inTransaction(
              handle -> {
                SubscriptionDao dao = handle.attach(SubscriptionDao.class);
                dao.lockUser(userId);
                if (dao.lockUpload(uploadId).isEmpty()) {
                  throw new UploadNotFoundException(subscription.uploadId());
                }
                dao.deleteIfExpired(userId, uploadId, expiryCutoff);
                if (dao.exists(userId, uploadId)) {
                  return SubscribeOutcome.UNCHANGED;
                }
                if (dao.countLiveOfUser(userId, expiryCutoff) >= maxPerUser) {
                  return SubscribeOutcome.LIMIT_REACHED;
                }
                dao.insert(userId, uploadId, subscription.subscribedAt());
                return SubscribeOutcome.CREATED;
              });
        });
  }

  @Override
  public boolean remove(UserId userId, UploadId uploadId) {
    return Outages.translate(() -> subscriptions.delete(userId.value(), uploadId.value()));
  }

  @Override
  public List<StoredSubscription> findByUser(
      UserId userId, Instant expiryCutoff, Optional<SubscriptionCursor> after, int limit) {
    return Outages.translate(
        () -> {
          List<SubscriptionRow> rows =
              after
                  .map(
                      cursor ->
                          subscriptions.findPageOfUserAfter(
                              userId.value(),
                              expiryCutoff,
                              cursor.subscribedAt(),
                              cursor.uploadId().value(),
                              limit))
                  .orElseGet(
                      () -> subscriptions.findFirstPageOfUser(userId.value(), expiryCutoff, limit));
          return rows.stream().map(SubscriptionRow::toStoredSubscription).toList();
        });
  }

  @Override
  public int countByUpload(UploadId uploadId, Instant expiryCutoff) {
    return Outages.translate(() -> subscriptions.countLiveOfUpload(uploadId.value(), expiryCutoff));
  }

  @Override
  public Map<UserId, Integer> countByUsers(Set<UserId> users, Instant expiryCutoff) {
    String[] ids = users.stream().map(UserId::value).toArray(String[]::new);
    return Outages.translate(
        () -> {
          Map<UserId, Integer> counts = new HashMap<>();
          subscriptions
              .countLiveOfUsers(ids, expiryCutoff)
              .forEach((user, live) -> counts.put(new UserId(user), live));
          return counts;
        });
  }

  @Override
  public int deleteExpired(Instant expiryCutoff) {
    return Outages.translate(() -> subscriptions.deleteExpired(expiryCutoff));
  }
}
