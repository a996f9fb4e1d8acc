package io.progressrelay.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.StoredSubscription;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every {@link io.progressrelay.application.port.out.SubscriptionRepository} must do. */
public abstract class SubscriptionRepositoryContract extends RepositoryContract {

  @Test
  void subscribingTwiceChangesNothing() {
    UploadId id = registered("u-1", ALICE);
    var subscription = new Subscription(ALICE, id, at(1));

    assertThat(repos.subscriptions().add(subscription, 10, FAR_PAST))
        .isEqualTo(SubscribeOutcome.CREATED);
    assertThat(repos.subscriptions().add(new Subscription(ALICE, id, at(2)), 10, FAR_PAST))
        .isEqualTo(SubscribeOutcome.UNCHANGED);

    assertThat(repos.subscriptions().findByUser(ALICE, FAR_PAST, Optional.empty(), 10))
        .containsExactly(new StoredSubscription(subscription, Optional.empty()));
  }

  @Test
  void subscribingToAMissingUploadIsRefused() {
    assertThatThrownBy(
            () ->
                repos
                    .subscriptions()
                    .add(new Subscription(ALICE, upload("ghost"), T0), 10, FAR_PAST))
        .isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void theLimitCountsOnlyTheUsersLiveSubscriptions() {
    UploadId a = registered("a", ALICE);
    UploadId b = registered("b", ALICE);
    UploadId c = registered("c", ALICE);
    subscribe(BOB, c, T0);
    assertThat(repos.subscriptions().add(new Subscription(ALICE, a, T0), 2, FAR_PAST))
        .isEqualTo(SubscribeOutcome.CREATED);
    assertThat(repos.subscriptions().add(new Subscription(ALICE, b, T0), 2, FAR_PAST))
        .isEqualTo(SubscribeOutcome.CREATED);

    assertThat(repos.subscriptions().add(new Subscription(ALICE, c, T0), 2, FAR_PAST))
        .isEqualTo(SubscribeOutcome.LIMIT_REACHED);
    assertThat(repos.subscriptions().add(new Subscription(ALICE, a, at(1)), 2, FAR_PAST))
        .as("re-subscribing at the limit is not a new subscription")
        .isEqualTo(SubscribeOutcome.UNCHANGED);

    finish(a, at(1));
    assertThat(repos.subscriptions().add(new Subscription(ALICE, c, at(100)), 2, at(50)))
        .as("the expired subscription to 'a' no longer counts")
        .isEqualTo(SubscribeOutcome.CREATED);
  }

  @Test
  void concurrentSubscribesNeverPassTheLimit() throws Exception {
    List<UploadId> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(registered("c-" + i, ALICE));
    }
    List<Callable<SubscribeOutcome>> tasks = new ArrayList<>();
    for (UploadId id : ids) {
      tasks.add(() -> repos.subscriptions().add(new Subscription(BOB, id, T0), 5, FAR_PAST));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      pool.invokeAll(tasks);
    } finally {
      pool.shutdown();
    }

    assertThat(repos.subscriptions().findByUser(BOB, FAR_PAST, Optional.empty(), 100)).hasSize(5);
  }

  @Test
  void removingEndsTheSubscription() {
    UploadId id = registered("u-1", ALICE);
    subscribe(BOB, id, T0);

    assertThat(repos.subscriptions().remove(BOB, id)).isTrue();
    assertThat(repos.subscriptions().remove(BOB, id)).isFalse();
    assertThat(repos.subscriptions().countByUpload(id, FAR_PAST)).isZero();
  }

  @Test
  void aUsersSubscriptionsArePagedNewestFirstWithoutGapsOrRepeats() {
    for (int i = 0; i < 7; i++) {
      subscribe(BOB, registered("p-" + i, ALICE), at(i));
    }
    subscribe(BOB, registered("p-tie", ALICE), at(3));

    List<String> seen = new ArrayList<>();
    Optional<SubscriptionCursor> after = Optional.empty();
    while (true) {
      List<StoredSubscription> page = repos.subscriptions().findByUser(BOB, FAR_PAST, after, 3);
      page.forEach(s -> seen.add(s.subscription().uploadId().value()));
      if (page.size() < 3) {
        break;
      }
      Subscription last = page.get(page.size() - 1).subscription();
      after = Optional.of(new SubscriptionCursor(last.subscribedAt(), last.uploadId()));
    }

    assertThat(seen).containsExactly("p-6", "p-5", "p-4", "p-tie", "p-3", "p-2", "p-1", "p-0");
  }

  @Test
  void subscriptionsExpireAfterTheUploadFinishedAndNotBefore() {
    UploadId finished = registered("finished", ALICE);
    UploadId running = registered("running", ALICE);
    subscribe(BOB, finished, at(0));
    subscribe(BOB, running, at(0));
    finish(finished, at(10));

    Instant cutoffBeforeFinish = at(9);
    Instant cutoffAfterFinish = at(11);

    assertThat(repos.subscriptions().countByUpload(finished, cutoffBeforeFinish)).isEqualTo(1);
    assertThat(repos.subscriptions().countByUpload(finished, cutoffAfterFinish)).isZero();
    assertThat(repos.subscriptions().findByUser(BOB, cutoffAfterFinish, Optional.empty(), 10))
        .extracting(s -> s.subscription().uploadId())
        .containsExactly(running);
    assertThat(repos.subscriptions().findByUser(BOB, cutoffBeforeFinish, Optional.empty(), 10))
        .filteredOn(s -> s.subscription().uploadId().equals(finished))
        .extracting(StoredSubscription::uploadFinishedAt)
        .containsExactly(Optional.of(at(10)));
  }

  @Test
  void aSubscriptionMadeAfterTheFinishLivesFromItsOwnStart() {
    UploadId id = registered("u-1", ALICE);
    finish(id, at(0));
    subscribe(BOB, id, at(100));

    assertThat(repos.subscriptions().countByUpload(id, at(50))).isEqualTo(1);
    assertThat(repos.subscriptions().countByUpload(id, at(101))).isZero();
  }

  @Test
  void resubscribingReplacesAnExpiredSubscription() {
    UploadId id = registered("u-1", ALICE);
    subscribe(BOB, id, at(0));
    finish(id, at(1));

    var outcome = repos.subscriptions().add(new Subscription(BOB, id, at(100)), 10, at(50));

    assertThat(outcome).isEqualTo(SubscribeOutcome.CREATED);
    assertThat(repos.subscriptions().countByUpload(id, at(50))).isEqualTo(1);
  }

  @Test
  void purgingDeletesOnlyExpiredSubscriptions() {
    UploadId finished = registered("finished", ALICE);
    UploadId running = registered("running", ALICE);
    subscribe(BOB, finished, at(0));
    subscribe(CAROL, finished, at(0));
    subscribe(BOB, running, at(0));
    finish(finished, at(10));

    assertThat(repos.subscriptions().deleteExpired(at(5))).isZero();
    assertThat(repos.subscriptions().deleteExpired(at(20))).isEqualTo(2);

    assertThat(repos.subscriptions().countByUpload(finished, FAR_PAST)).isZero();
    assertThat(repos.subscriptions().countByUpload(running, FAR_PAST)).isEqualTo(1);
  }

  @Test
  void liveSubscriptionsAreCountedPerUser() {
    UploadId running = registered("c-running", ALICE);
    UploadId finished = registered("c-finished", ALICE);
    subscribe(BOB, running, at(0));
    subscribe(BOB, finished, at(0));
    subscribe(CAROL, finished, at(0));
    finish(finished, at(1));

    assertThat(repos.subscriptions().countByUsers(java.util.Set.of(ALICE, BOB, CAROL), at(2)))
        .isEqualTo(java.util.Map.of(BOB, 1));
    assertThat(repos.subscriptions().countByUsers(java.util.Set.of(BOB, CAROL), FAR_PAST))
        .isEqualTo(java.util.Map.of(BOB, 2, CAROL, 1));
  }
}
