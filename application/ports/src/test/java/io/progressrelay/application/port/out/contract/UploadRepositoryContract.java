package io.progressrelay.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.out.RegisteredLatestEvent;
import io.progressrelay.domain.BulkRegistrationResult;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link io.progressrelay.application.port.out.UploadRepository} must do. */
public abstract class UploadRepositoryContract extends RepositoryContract {

  @Test
  void aRegisteredUploadIsFoundWithItsOwnerAndCreationTime() {
    UploadId id = registered("u-1", ALICE);

    Upload found = repos.uploads().findById(id).orElseThrow();

    assertThat(found).isEqualTo(Upload.registered(id, ALICE, T0));
  }

  @Test
  void anUnknownUploadIsNotFound() {
    assertThat(repos.uploads().findById(upload("nope"))).isEmpty();
  }

  @Test
  void registeringTwiceForTheSameOwnerChangesNothing() {
    var registration = new UploadRegistration(upload("u-1"), ALICE);

    assertThat(repos.uploads().register(registration, T0)).isEqualTo(RegistrationOutcome.CREATED);
    assertThat(repos.uploads().register(registration, at(60)))
        .isEqualTo(RegistrationOutcome.UNCHANGED);
    assertThat(repos.uploads().findById(upload("u-1")).orElseThrow().createdAt()).isEqualTo(T0);
  }

  @Test
  void registeringForAnotherOwnerConflictsAndKeepsTheFirstOwner() {
    registered("u-1", ALICE);

    var outcome = repos.uploads().register(new UploadRegistration(upload("u-1"), BOB), at(1));

    assertThat(outcome).isEqualTo(RegistrationOutcome.CONFLICT);
    assertThat(repos.uploads().findById(upload("u-1")).orElseThrow().owner()).isEqualTo(ALICE);
  }

  @Test
  void bulkRegistrationCountsCreatedUnchangedAndConflicting() {
    registered("same", ALICE);
    registered("taken", BOB);
    var entries =
        List.of(
            new UploadRegistration(upload("new-1"), ALICE),
            new UploadRegistration(upload("same"), ALICE),
            new UploadRegistration(upload("taken"), ALICE),
            new UploadRegistration(upload("new-2"), CAROL));

    BulkRegistrationResult result = repos.uploads().registerAll(entries, at(5));

    assertThat(result.created()).containsExactlyInAnyOrder(upload("new-1"), upload("new-2"));
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.conflicting()).containsExactly(upload("taken"));
    assertThat(repos.uploads().findById(upload("new-2")).orElseThrow().owner()).isEqualTo(CAROL);
    assertThat(repos.uploads().findById(upload("taken")).orElseThrow().owner()).isEqualTo(BOB);
  }

  @Test
  void bulkRegistrationTakesTenThousandEntries() {
    List<UploadRegistration> entries = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      entries.add(new UploadRegistration(upload("bulk-" + i), i % 2 == 0 ? ALICE : BOB));
    }

    BulkRegistrationResult result = repos.uploads().registerAll(entries, T0);

    assertThat(result.created()).hasSize(10_000);
    assertThat(repos.uploads().findById(upload("bulk-9999")).orElseThrow().owner()).isEqualTo(BOB);
  }

  @Test
  void deletingRemovesTheUploadWithItsGrantsAndSubscriptions() {
    UploadId id = registered("u-1", ALICE);
    grant(id, BOB);
    subscribe(BOB, id, T0);

    assertThat(repos.uploads().delete(id)).isTrue();

    assertThat(repos.uploads().findById(id)).isEmpty();
    assertThat(repos.grants().findByUpload(id)).isEmpty();
    assertThat(repos.subscriptions().findByUser(BOB, FAR_PAST, java.util.Optional.empty(), 10))
        .isEmpty();
    assertThat(repos.uploads().delete(id)).isFalse();
  }

  @Test
  void theLatestEventIsKeptVerbatimAndReplacedByNewerOnes() {
    UploadId id = registered("u-1", ALICE);
    long registration = registrationOf(id);
    LatestEvent progress = progressEvent(id, 20, at(1));
    LatestEvent done = terminalEvent(id, at(2));

    assertThat(repos.uploads().saveLatestEvent(id, registration, progress)).isTrue();
    assertThat(repos.uploads().findById(id).orElseThrow().latestEvent()).contains(progress);
    assertThat(repos.uploads().findLatestEvent(id, registration)).contains(progress);
    repos.uploads().saveLatestEvent(id, registration, done);

    Upload found = repos.uploads().findById(id).orElseThrow();
    assertThat(found.latestEvent()).contains(done);
    assertThat(found.finishedAt()).contains(at(2));
  }

  @Test
  void aProgressEventAfterTheEndMakesTheUploadUnfinishedAgain() {
    UploadId id = registered("u-1", ALICE);
    finish(id, at(1));

    saveLatest(id, progressEvent(id, 0, at(2)));

    assertThat(repos.uploads().findById(id).orElseThrow().finishedAt()).isEmpty();
  }

  @Test
  void theLatestEventOfAnUnregisteredUploadIsNotSaved() {
    assertThat(
            repos
                .uploads()
                .saveLatestEvent(upload("ghost"), 1, progressEvent(upload("ghost"), 1, T0)))
        .isFalse();
    assertThat(repos.uploads().findLatestEvent(upload("ghost"), 1)).isEmpty();
  }

  @Test
  void aRegisteredUploadHasNoLatestEventUntilOneIsSaved() {
    UploadId id = registered("u-1", ALICE);

    assertThat(repos.uploads().findLatestEvent(id, registrationOf(id))).isEmpty();
  }

  @Test
  void aLatestEventOfTheDeletedRegistrationDoesNotLandInTheNextOne() {
    UploadId id = registered("u-1", ALICE);
    long alices = registrationOf(id);
    repos.uploads().delete(id);
    registered("u-1", BOB);
    long bobs = registrationOf(id);
    LatestEvent late = progressEvent(id, 90, at(5));

    assertThat(repos.uploads().saveLatestEvent(id, alices, late)).isFalse();
    repos.uploads().saveLatestEvents(List.of(new RegisteredLatestEvent(id, alices, late)));

    assertThat(repos.uploads().findById(id).orElseThrow().latestEvent()).isEmpty();
    assertThat(repos.uploads().findLatestEvent(id, bobs)).isEmpty();
  }

  @Test
  void theLatestEventOfTheDeletedRegistrationIsNotFoundUnderTheNextOne() {
    UploadId id = registered("u-1", ALICE);
    long alices = registrationOf(id);
    saveLatest(id, progressEvent(id, 40, at(1)));
    repos.uploads().delete(id);
    registered("u-1", BOB);
    saveLatest(id, progressEvent(id, 5, at(2)));

    assertThat(repos.uploads().findLatestEvent(id, alices)).isEmpty();
    assertThat(repos.uploads().findLatestEvent(id, registrationOf(id)))
        .contains(progressEvent(id, 5, at(2)));
  }

  @Test
  void manyLatestEventsAreSavedAtOnceWithTheSameRules() {
    UploadId first = registered("b-1", ALICE);
    UploadId second = registered("b-2", ALICE);
    saveLatest(second, progressEvent(second, 50, at(10)));

    repos
        .uploads()
        .saveLatestEvents(
            List.of(
                new RegisteredLatestEvent(
                    first, registrationOf(first), terminalEvent(first, at(5))),
                new RegisteredLatestEvent(
                    second, registrationOf(second), progressEvent(second, 20, at(9))),
                new RegisteredLatestEvent(
                    upload("ghost"), 1, progressEvent(upload("ghost"), 1, at(1)))));

    assertThat(repos.uploads().findById(first).orElseThrow().finishedAt()).contains(at(5));
    assertThat(repos.uploads().findById(second).orElseThrow().latestEvent())
        .as("an older event does not replace a newer one")
        .contains(progressEvent(second, 50, at(10)));
    assertThat(repos.uploads().findById(upload("ghost"))).isEmpty();
  }
}
