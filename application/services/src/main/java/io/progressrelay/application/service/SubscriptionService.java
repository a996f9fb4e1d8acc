package io.progressrelay.application.service;

import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.subscription.ListSubscriptionsUseCase;
import io.progressrelay.application.port.in.subscription.PurgeExpiredSubscriptionsUseCase;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.SubscriptionPage;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.application.port.in.subscription.SubscriptionView;
import io.progressrelay.application.port.in.subscription.UnsubscribeFromUploadUseCase;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.GrantRepository;
import io.progressrelay.application.port.out.StoredSubscription;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Manages users' subscriptions within the policy's limit and expiry. */
public final class SubscriptionService
    implements SubscribeToUploadUseCase,
        UnsubscribeFromUploadUseCase,
        ListSubscriptionsUseCase,
        PurgeExpiredSubscriptionsUseCase {
  private final SubscriptionRepository subscriptions;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final AudienceChangeSink changes;
  private final UploadAccessGuard guard;
  private final OneUploadAtATime order;

  SubscriptionService(
      UploadRepository uploads,
      GrantRepository grants,
      SubscriptionRepository subscriptions,
      SubscriptionPolicy policy,
      Clock clock,
      AudienceChangeSink changes,
      OneUploadAtATime order) {
    this.subscriptions = subscriptions;
    this.order = order;
    this.changes = changes;
    this.policy = policy;
    this.clock = clock;
    this.guard = new UploadAccessGuard(uploads, grants);
  }

  @Override
  public SubscribeOutcome subscribe(Caller caller, UploadId uploadId) {
    return order.run(uploadId, () -> subscribeInOrder(caller, uploadId));
  }

  private SubscribeOutcome subscribeInOrder(Caller caller, UploadId uploadId) {
    guard.followable(caller, uploadId);
    Instant now = now();
    var subscription = new Subscription(caller.userId(), uploadId, now);
    SubscribeOutcome outcome =
        subscriptions.add(subscription, policy.maxPerUser(), policy.expiryCutoff(now));
    if (outcome == SubscribeOutcome.LIMIT_REACHED) {
      throw new SubscriptionLimitException(policy.maxPerUser());
    }
    // Also when unchanged: a client that re-subscribes after a reconnect needs the latest state.
    changes.changed(AudienceChange.subscribed(caller.userId(), uploadId));
    return outcome;
  }

  @Override
  public void unsubscribe(Caller caller, UploadId uploadId) {
    order.run(
        uploadId,
        () -> {
          guard.followable(caller, uploadId);
          if (subscriptions.remove(caller.userId(), uploadId)) {
            changes.changed(AudienceChange.unsubscribed(caller.userId(), uploadId));
          }
          return null;
        });
  }

  @Override
  public SubscriptionPage list(Caller caller, SubscriptionPageRequest page) {
    // One extra row tells whether another page follows without a second query.
    List<StoredSubscription> rows =
        subscriptions.findByUser(
            caller.userId(), policy.expiryCutoff(now()), page.after(), page.limit() + 1);
    boolean more = rows.size() > page.limit();
    List<StoredSubscription> shown = more ? rows.subList(0, page.limit()) : rows;
    Optional<String> next =
        more ? Optional.of(cursorOf(shown.get(shown.size() - 1)).encode()) : Optional.empty();
    return new SubscriptionPage(shown.stream().map(this::view).toList(), next);
  }

  @Override
  public int purgeExpired() {
    return subscriptions.deleteExpired(policy.expiryCutoff(now()));
  }

  private SubscriptionView view(StoredSubscription stored) {
    Subscription s = stored.subscription();
    return new SubscriptionView(
        s.uploadId(),
        s.subscribedAt(),
        policy.expiryOf(stored.uploadFinishedAt(), s.subscribedAt()));
  }

  private static SubscriptionCursor cursorOf(StoredSubscription stored) {
    Subscription s = stored.subscription();
    return new SubscriptionCursor(s.subscribedAt(), s.uploadId());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
