package io.progressrelay.application.service;

import static io.progressrelay.application.service.ServiceFixture.ADMIN;
import static io.progressrelay.application.service.ServiceFixture.ALICE;
import static io.progressrelay.application.service.ServiceFixture.BOB;
import static io.progressrelay.application.service.ServiceFixture.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.subscription.SubscriptionPage;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.application.port.in.subscription.SubscriptionView;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantAndSubscriptionServicesTest {
  private final ServiceFixture f = new ServiceFixture();

  @Test
  void aGranteeMayFollowButNotManageGrants() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    assertThat(f.grants.grant(ALICE, id, BOB.userId()).created()).isTrue();

    assertThat(f.subscriptions.subscribe(BOB, id)).isEqualTo(SubscribeOutcome.CREATED);
    assertThatThrownBy(() -> f.grants.grant(BOB, id, MALLORY.userId()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> f.grants.list(BOB, id)).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void strangersGetNotFoundFromEveryGrantAndSubscriptionAction() {
    UploadId id = f.uploadOf(ALICE, "u-1");

    assertThatThrownBy(() -> f.grants.grant(MALLORY, id, MALLORY.userId()))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> f.grants.list(MALLORY, id))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> f.subscriptions.subscribe(MALLORY, id))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> f.subscriptions.unsubscribe(MALLORY, id))
        .isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void revokingAGrantEndsTheGranteesSubscriptionAndAccess() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    f.grants.grant(ALICE, id, BOB.userId());
    f.subscriptions.subscribe(BOB, id);

    f.grants.revoke(ADMIN, id, BOB.userId());

    assertThat(f.subscriptions.list(BOB, SubscriptionPageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> f.subscriptions.subscribe(BOB, id))
        .isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void theSubscriptionLimitIsEnforcedWithAClearMessage() {
    for (int i = 0; i < 3; i++) {
      f.subscriptions.subscribe(ALICE, f.uploadOf(ALICE, "u-" + i));
    }
    UploadId fourth = f.uploadOf(ALICE, "u-3");

    assertThatThrownBy(() -> f.subscriptions.subscribe(ALICE, fourth))
        .isInstanceOf(SubscriptionLimitException.class)
        .hasMessageContaining("at most 3 subscriptions");
  }

  @Test
  void subscriptionsArePagedNewestFirstWithAnOpaqueCursor() {
    for (int i = 0; i < 3; i++) {
      f.subscriptions.subscribe(ADMIN, f.uploadOf(ALICE, "u-" + i));
      f.advance(Duration.ofSeconds(1));
    }

    SubscriptionPage first = f.subscriptions.list(ADMIN, SubscriptionPageRequest.first(2));
    SubscriptionCursor cursor = SubscriptionCursor.decode(first.nextCursor().orElseThrow());
    SubscriptionPage second =
        f.subscriptions.list(ADMIN, new SubscriptionPageRequest(2, Optional.of(cursor)));

    assertThat(first.items()).extracting(v -> v.uploadId().value()).containsExactly("u-2", "u-1");
    assertThat(second.items()).extracting(v -> v.uploadId().value()).containsExactly("u-0");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void aFinishedUploadsSubscriptionShowsItsExpiryAndIsPurgedAfterIt() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    f.subscriptions.subscribe(ALICE, id);
    f.finish(id);

    SubscriptionView view =
        f.subscriptions.list(ALICE, SubscriptionPageRequest.first(10)).items().get(0);
    assertThat(view.expiresAt()).contains(f.now.plus(Duration.ofHours(24)));
    assertThat(f.subscriptions.purgeExpired()).isZero();

    f.advance(Duration.ofHours(24).plusSeconds(1));
    assertThat(f.subscriptions.list(ALICE, SubscriptionPageRequest.first(10)).items()).isEmpty();
    assertThat(f.subscriptions.purgeExpired()).isEqualTo(1);
  }

  @Test
  void everyCommittedAudienceChangeIsReportedForTheRealTimePath() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    f.grants.grant(ALICE, id, BOB.userId());
    f.subscriptions.subscribe(BOB, id);
    f.subscriptions.subscribe(BOB, id);
    f.subscriptions.unsubscribe(BOB, id);
    f.subscriptions.unsubscribe(BOB, id);
    f.subscriptions.subscribe(BOB, id);
    f.grants.revoke(ALICE, id, BOB.userId());
    f.uploadService.delete(ADMIN, id);

    assertThat(f.changes)
        .containsExactly(
            AudienceChange.uploadRegistered(id),
            AudienceChange.subscribed(BOB.userId(), id),
            AudienceChange.subscribed(BOB.userId(), id),
            AudienceChange.unsubscribed(BOB.userId(), id),
            AudienceChange.subscribed(BOB.userId(), id),
            AudienceChange.accessRevoked(BOB.userId(), id),
            AudienceChange.uploadDeleted(id));
  }
}
