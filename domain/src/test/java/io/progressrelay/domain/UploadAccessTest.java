package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
  void theServiceRoleDoesNotGrantVisibility() {
    var worker = new Caller(new UserId("worker"), Set.of(Role.SERVICE));

    assertThat(new UploadAccess(upload, false).canFollow(worker)).isFalse();
  }
}
