package io.progressrelay.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.out.GrantRepository.AddedGrant;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.UploadId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link io.progressrelay.application.port.out.GrantRepository} must do. */
public abstract class GrantRepositoryContract extends RepositoryContract {

  @Test
  void anAddedGrantIsFoundAndListed() {
    UploadId id = registered("u-1", ALICE);
    var grant = new Grant(id, BOB, ALICE, at(1));

    AddedGrant added = repos.grants().add(grant);

    assertThat(added).isEqualTo(new AddedGrant(grant, true));
    assertThat(repos.grants().find(id, BOB)).contains(grant);
    assertThat(repos.grants().findByUpload(id)).containsExactly(grant);
  }

  @Test
  void grantingTwiceKeepsTheFirstGrant() {
    UploadId id = registered("u-1", ALICE);
    var first = new Grant(id, BOB, ALICE, at(1));
    repos.grants().add(first);

    AddedGrant again = repos.grants().add(new Grant(id, BOB, CAROL, at(2)));

    assertThat(again).isEqualTo(new AddedGrant(first, false));
  }

  @Test
  void grantsAreListedOldestFirst() {
    UploadId id = registered("u-1", ALICE);
    var later = new Grant(id, CAROL, ALICE, at(5));
    var earlier = new Grant(id, BOB, ALICE, at(1));
    repos.grants().add(later);
    repos.grants().add(earlier);

    assertThat(repos.grants().findByUpload(id)).containsExactly(earlier, later);
  }

  @Test
  void grantingOnAMissingUploadIsRefused() {
    assertThatThrownBy(() -> repos.grants().add(new Grant(upload("ghost"), BOB, ALICE, T0)))
        .isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void revokingRemovesTheGrantAndTheGranteesSubscription() {
    UploadId id = registered("u-1", ALICE);
    grant(id, BOB);
    subscribe(BOB, id, T0);
    subscribe(ALICE, id, T0);

    assertThat(repos.grants().revoke(id, BOB)).isTrue();

    assertThat(repos.grants().find(id, BOB)).isEmpty();
    assertThat(repos.subscriptions().findByUser(BOB, FAR_PAST, Optional.empty(), 10)).isEmpty();
    assertThat(repos.subscriptions().countByUpload(id, FAR_PAST)).isEqualTo(1);
    assertThat(repos.grants().revoke(id, BOB)).isFalse();
  }
}
