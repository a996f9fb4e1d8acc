package io.progressrelay.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link io.progressrelay.application.port.out.SubscriberDirectory} must do. */
public abstract class SubscriberDirectoryContract extends RepositoryContract {

  @Test
  void theAudienceIsTheOwnerAndTheLiveSubscribers() {
    UploadId id = registered("u-1", ALICE);
    subscribe(BOB, id, at(0));
    subscribe(CAROL, id, at(0));

    UploadAudience audience = repos.directory().findAudience(id, FAR_PAST).orElseThrow();

    assertThat(audience)
        .isEqualTo(
            new UploadAudience(
                id, registrationOf(id), ALICE, Set.of(BOB, CAROL), Optional.empty()));
  }

  @Test
  void theAudienceCarriesItsRegistrationsLatestEvent() {
    UploadId id = registered("u-1", ALICE);
    subscribe(BOB, id, at(0));
    LatestEvent latest = progressEvent(id, 40, at(1));
    saveLatest(id, latest);

    UploadAudience audience = repos.directory().findAudience(id, FAR_PAST).orElseThrow();

    assertThat(audience.latestEvent()).contains(latest);
    assertThat(audience.subscribers()).containsExactly(BOB);
  }

  @Test
  void aNewRegistrationOfTheIdHasNoneOfThePreviousOnesLatestEvent() {
    UploadId id = registered("u-1", ALICE);
    saveLatest(id, terminalEvent(id, at(1)));
    repos.uploads().delete(id);
    registered("u-1", BOB);

    assertThat(repos.directory().findAudience(id, FAR_PAST).orElseThrow().latestEvent()).isEmpty();
  }

  @Test
  void aRegistrationOfTheSameIdAfterADeleteHasANewNumber() {
    UploadId id = registered("u-1", ALICE);
    long first = repos.directory().findAudience(id, FAR_PAST).orElseThrow().registration();
    repos.uploads().delete(id);
    registered("u-1", BOB);

    UploadAudience again = repos.directory().findAudience(id, FAR_PAST).orElseThrow();

    assertThat(again.owner()).isEqualTo(BOB);
    assertThat(again.registration()).isPositive().isNotEqualTo(first);
  }

  @Test
  void expiredSubscribersAreNotInTheAudience() {
    UploadId id = registered("u-1", ALICE);
    subscribe(BOB, id, at(0));
    finish(id, at(1));

    assertThat(repos.directory().findAudience(id, at(2)).orElseThrow().subscribers()).isEmpty();
  }

  @Test
  void aUserFollowsTheUploadsOfTheirLiveSubscriptionsOnly() {
    UploadId live = registered("u-1", ALICE);
    UploadId finished = registered("u-2", ALICE);
    registered("u-3", ALICE);
    subscribe(BOB, live, at(0));
    subscribe(BOB, finished, at(0));
    subscribe(CAROL, upload("u-3"), at(0));
    finish(finished, at(1));

    assertThat(repos.directory().followedBy(BOB, at(2))).containsExactly(live);
    assertThat(repos.directory().followedBy(BOB, FAR_PAST))
        .containsExactlyInAnyOrder(live, finished);
    assertThat(repos.directory().followedBy(new UserId("nobody"), FAR_PAST)).isEmpty();
  }

  @Test
  void whatManyUsersFollowComesTogetherAndEveryUserAskedHasAnEntry() {
    UploadId live = registered("u-1", ALICE);
    UploadId finished = registered("u-2", ALICE);
    UploadId carols = registered("u-3", ALICE);
    subscribe(BOB, live, at(0));
    subscribe(BOB, finished, at(0));
    subscribe(CAROL, carols, at(0));
    subscribe(CAROL, live, at(0));
    finish(finished, at(1));
    UserId nobody = new UserId("nobody");

    Map<UserId, List<UploadId>> follows =
        repos.directory().followedByEach(List.of(BOB, CAROL, nobody), at(2));

    assertThat(follows).containsOnlyKeys(BOB, CAROL, nobody);
    assertThat(follows.get(BOB)).containsExactly(live);
    assertThat(follows.get(CAROL)).containsExactlyInAnyOrder(live, carols);
    assertThat(follows.get(nobody)).isEmpty();
    assertThat(repos.directory().followedByEach(List.of(BOB), FAR_PAST))
        .containsOnlyKeys(BOB)
        .hasEntrySatisfying(BOB, uploads -> assertThat(uploads).containsOnly(live, finished));
  }

  @Test
  void noUsersFollowNothing() {
    assertThat(repos.directory().followedByEach(List.of(), FAR_PAST)).isEmpty();
  }

  @Test
  void anUnknownUploadHasNoAudience() {
    assertThat(repos.directory().findAudience(upload("ghost"), FAR_PAST)).isEmpty();
  }

  @Test
  void manyAudiencesComeTogetherAndUnregisteredIdsHaveNone() {
    UploadId first = registered("u-1", ALICE);
    UploadId second = registered("u-2", BOB);
    subscribe(CAROL, second, at(0));

    Map<UploadId, UploadAudience> audiences =
        repos.directory().findAudiences(List.of(first, upload("ghost"), second), FAR_PAST);

    assertThat(audiences).containsOnlyKeys(first, second);
    assertThat(audiences.get(first).owner()).isEqualTo(ALICE);
    assertThat(audiences.get(second).subscribers()).containsExactly(CAROL);
  }

  @Test
  void noIdsHaveNoAudiences() {
    assertThat(repos.directory().findAudiences(List.of(), FAR_PAST)).isEmpty();
  }
}
