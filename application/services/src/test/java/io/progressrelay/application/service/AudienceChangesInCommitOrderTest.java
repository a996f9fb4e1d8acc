package io.progressrelay.application.service;

import static io.progressrelay.application.service.ServiceFixture.ALICE;
import static io.progressrelay.application.service.ServiceFixture.BOB;
import static io.progressrelay.application.service.ServiceFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.AudienceChange.Type;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subscribe that committed first is reported first, even when its thread is slow to report it and
 * a revoke, unsubscribe or delete of the same upload comes in between: otherwise routing would
 * apply them the other way round and keep the user routed to what the database took away.
 */
class AudienceChangesInCommitOrderTest {
  private final CountDownLatch subscribeMayReport = new CountDownLatch(1);
  private final CountDownLatch subscribeCommitted = new CountDownLatch(1);
  private final ServiceFixture fixture =
      new ServiceFixture(
          change -> {
            if (change.type() == Type.SUBSCRIBED) {
              subscribeCommitted.countDown();
              awaitQuietly(subscribeMayReport);
            }
          });

  @Test
  void anUnsubscribeWaitsForTheSubscribeBeforeIt() throws Exception {
    UploadId upload = fixture.uploadOf(ALICE, "u-1");

    raceASlowSubscribe(ALICE, upload, () -> fixture.subscriptions.unsubscribe(ALICE, upload));

    assertReportedAfterTheSubscribe(Type.UNSUBSCRIBED);
    assertThat(fixture.subscriptionRepository.countByUpload(upload, Instant.EPOCH)).isZero();
  }

  @Test
  void aRevokeWaitsForTheGranteesSubscribeBeforeIt() throws Exception {
    UploadId upload = fixture.uploadOf(ALICE, "u-2");
    fixture.grants.grant(ALICE, upload, BOB.userId());

    raceASlowSubscribe(BOB, upload, () -> fixture.grants.revoke(ALICE, upload, BOB.userId()));

    assertReportedAfterTheSubscribe(Type.ACCESS_REVOKED);
  }

  @Test
  void aDeleteWaitsForTheSubscribeBeforeIt() throws Exception {
    UploadId upload = fixture.uploadOf(ALICE, "u-3");

    raceASlowSubscribe(ALICE, upload, () -> fixture.uploadService.delete(WORKER, upload));

    assertReportedAfterTheSubscribe(Type.UPLOAD_DELETED);
  }

  private void assertReportedAfterTheSubscribe(Type later) {
    assertThat(fixture.changes)
        .extracting(AudienceChange::type)
        .containsExactly(Type.UPLOAD_REGISTERED, Type.SUBSCRIBED, later);
  }

  // The subscriber's subscribe is held after its commit, before its report; the other change
  // starts then and gets as far as it can (reported: the defect, or waiting for the subscribe)
  // before the subscribe may go on. Returns when both have ended.
  private void raceASlowSubscribe(Caller subscriber, UploadId upload, Runnable change)
      throws Exception {
    Thread subscribe = new Thread(() -> fixture.subscriptions.subscribe(subscriber, upload));
    subscribe.start();
    assertThat(subscribeCommitted.await(10, TimeUnit.SECONDS)).isTrue();
    int reportedBefore = fixture.changes.size();

    Thread other = new Thread(change);
    other.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fixture.changes.size() > reportedBefore
                    || other.getState() == Thread.State.WAITING);
    subscribeMayReport.countDown();
    subscribe.join(10_000);
    other.join(10_000);
    assertThat(subscribe.isAlive() || other.isAlive()).as("a change still running").isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
