package io.progressrelay.application.service;

import static io.progressrelay.application.service.ServiceFixture.ADMIN;
import static io.progressrelay.application.service.ServiceFixture.ALICE;
import static io.progressrelay.application.service.ServiceFixture.BOB;
import static io.progressrelay.application.service.ServiceFixture.MALLORY;
import static io.progressrelay.application.service.ServiceFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.UploadOwnerConflictException;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadServicesTest {
  private final ServiceFixture f = new ServiceFixture();

  @Test
  void onlyServicesAndAdminsRegisterUploads() {
    var registration = new UploadRegistration(new UploadId("u-1"), ALICE.userId());

    assertThatThrownBy(() -> f.registration.register(ALICE, registration))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("'admin' or 'service'");
    assertThat(f.registration.register(WORKER, registration))
        .isEqualTo(RegistrationOutcome.CREATED);
    assertThat(f.registration.register(ADMIN, registration))
        .isEqualTo(RegistrationOutcome.UNCHANGED);
  }

  @Test
  void registeringAnotherOwnersUploadIsAConflict() {
    UploadId id = f.uploadOf(ALICE, "u-1");

    assertThatThrownBy(
            () -> f.registration.register(WORKER, new UploadRegistration(id, BOB.userId())))
        .isInstanceOf(UploadOwnerConflictException.class);
  }

  @Test
  void onlyANewRegistrationIsReportedSoThatCachedRoutesOfItsIdAreReloaded() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    f.registration.register(WORKER, new UploadRegistration(id, ALICE.userId()));
    f.uploadService.delete(WORKER, id);
    f.uploadOf(BOB, "u-1");

    assertThat(f.changes)
        .containsExactly(
            AudienceChange.uploadRegistered(id),
            AudienceChange.uploadDeleted(id),
            AudienceChange.uploadRegistered(id));
  }

  @Test
  void aBulkRegistrationReportsTheIdsItRegistered() {
    f.uploadOf(ALICE, "same");
    f.uploadOf(BOB, "taken");
    f.changes.clear();

    f.registration.registerAll(
        WORKER,
        List.of(
            new UploadRegistration(new UploadId("new-1"), ALICE.userId()),
            new UploadRegistration(new UploadId("same"), ALICE.userId()),
            new UploadRegistration(new UploadId("taken"), ALICE.userId()),
            new UploadRegistration(new UploadId("new-2"), BOB.userId())));

    assertThat(f.changes)
        .containsExactly(
            AudienceChange.uploadRegistered(new UploadId("new-1")),
            AudienceChange.uploadRegistered(new UploadId("new-2")));
  }

  @Test
  void aBulkRequestMustBeNonEmptyBoundedAndFreeOfRepeats() {
    var one = new UploadRegistration(new UploadId("a"), ALICE.userId());
    List<UploadRegistration> tooMany = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      tooMany.add(new UploadRegistration(new UploadId("x" + i), ALICE.userId()));
    }

    assertThatThrownBy(() -> f.registration.registerAll(WORKER, List.of()))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> f.registration.registerAll(WORKER, tooMany))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("at most 10000");
    assertThatThrownBy(() -> f.registration.registerAll(WORKER, List.of(one, one)))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("[1].uploadId"));
  }

  @Test
  void strangersCannotTellAnUploadExists() {
    UploadId id = f.uploadOf(ALICE, "u-1");

    assertThatThrownBy(() -> f.uploadService.get(MALLORY, id))
        .isInstanceOf(UploadNotFoundException.class)
        .hasMessage("upload 'u-1' not found");
    assertThatThrownBy(() -> f.uploadService.get(MALLORY, new UploadId("u-2")))
        .isInstanceOf(UploadNotFoundException.class)
        .hasMessage("upload 'u-2' not found");
  }

  @Test
  void ownerGranteeAndAdminSeeTheUploadWithItsSubscriberCount() {
    UploadId id = f.uploadOf(ALICE, "u-1");
    f.grants.grant(ALICE, id, BOB.userId());
    f.subscriptions.subscribe(BOB, id);

    for (var caller : List.of(ALICE, BOB, ADMIN)) {
      var details = f.uploadService.get(caller, id);
      assertThat(details.upload().owner()).isEqualTo(ALICE.userId());
      assertThat(details.grants()).extracting(g -> g.grantee()).containsExactly(BOB.userId());
      assertThat(details.subscriberCount()).isEqualTo(1);
    }
  }

  @Test
  void onlyServicesAndAdminsDeleteAndAMissingUploadIsNotFound() {
    UploadId id = f.uploadOf(ALICE, "u-1");

    assertThatThrownBy(() -> f.uploadService.delete(ALICE, id))
        .isInstanceOf(AccessDeniedException.class);
    f.uploadService.delete(WORKER, id);
    assertThatThrownBy(() -> f.uploadService.delete(WORKER, id))
        .isInstanceOf(UploadNotFoundException.class);
  }
}
