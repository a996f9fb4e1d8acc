package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadAccessTest {
  private static final UserId OWNER = new UserId("owner");
  private final Upload upload = Upload.registered(new UploadId("u"), OWNER, Instant.EPOCH);

  @Test
  void ownerAndAdminMayFollowAndManage() {
    var access = new UploadAccess(upload, false);
    var admin = new Caller(new UserId("root"), Set.of(Role.ADMIN));

    assertThat(access.canFollow(Caller.user(OWNER))).isTrue();
    assertThat(access.canManageGrants(Caller.user(OWNER))).isTrue();
    assertThat(access.canFollow(admin)).isTrue();
    assertThat(access.canManageGrants(admin)).isTrue();
  }

  @Test
  void aGranteeMayFollowButNotManageAndAStrangerNeither() {
    var grantee = Caller.user(new UserId("friend"));

    assertThat(new UploadAccess(upload, true).canFollow(grantee)).isTrue();
    assertThat(new UploadAccess(upload, true).canManageGrants(grantee)).isFalse();
    assertThat(new UploadAccess(upload, false).canFollow(grantee)).isFalse();
  }

  @Test
  void ownerAndAdminSeeEveryGrantAndAGranteeOnlyTheirOwn() {
    var friend = new UserId("friend");
    var other = new UserId("other");
    List<Grant> grants = List.of(grant(friend), grant(other));
    var admin = new Caller(new UserId("root"), Set.of(Role.ADMIN));

    assertThat(new UploadAccess(upload, false).visibleGrants(Caller.user(OWNER), grants))
        .isEqualTo(grants);
    assertThat(new UploadAccess(upload, false).visibleGrants(admin, grants)).isEqualTo(grants);
    assertThat(new UploadAccess(upload, true).visibleGrants(Caller.user(friend), grants))
        .containsExactly(grant(friend));
  }

  @Test
  void theServiceRoleDoesNotGrantVisibility() {
    var worker = new Caller(new UserId("worker"), Set.of(Role.SERVICE));

    assertThat(new UploadAccess(upload, false).canFollow(worker)).isFalse();
  }

  private Grant grant(UserId grantee) {
    return new Grant(upload.id(), grantee, OWNER, Instant.EPOCH);
  }
}
