package io.progressrelay.application.port.out;

import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stores users' subscriptions; safe for concurrent use. A subscription has expired when its upload
 * finished and both that finish and the subscription are older than the {@code expiryCutoff} passed
 * in; expired subscriptions are never returned or counted.
 */
public interface SubscriptionRepository {
  /**
   * Adds the subscription unless the user already holds it, refusing when the user already holds
   * {@code maxPerUser} live ones. Atomic per user, so concurrent calls cannot pass the limit. An
   * expired subscription to the same upload is replaced.
   *
   * @throws io.progressrelay.application.port.in.UploadNotFoundException if the upload is gone
   */
  SubscribeOutcome add(Subscription subscription, int maxPerUser, Instant expiryCutoff);

  /** False if the user held no such subscription. */
  boolean remove(UserId userId, UploadId uploadId);

  /** The user's live subscriptions, newest first, starting after {@code after}. */
  List<StoredSubscription> findByUser(
      UserId userId, Instant expiryCutoff, Optional<SubscriptionCursor> after, int limit);

  int countByUpload(UploadId uploadId, Instant expiryCutoff);

  /** How many live subscriptions each of {@code users} holds; users holding none are absent. */
  Map<UserId, Integer> countByUsers(Set<UserId> users, Instant expiryCutoff);

  /** Deletes every expired subscription and returns how many there were. */
  int deleteExpired(Instant expiryCutoff);
}
