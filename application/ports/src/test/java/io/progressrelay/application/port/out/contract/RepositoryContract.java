package io.progressrelay.application.port.out.contract;

import io.progressrelay.domain.Grant;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the repository contract tests: each adapter extends the contracts with a fresh, empty
 * store per test, and every contract runs unchanged against the in-memory and the real adapter.
 */
public abstract class RepositoryContract {
  protected static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  protected static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
  protected static final UserId ALICE = new UserId("alice");
  protected static final UserId BOB = new UserId("bob");
  protected static final UserId CAROL = new UserId("carol");

  protected Repositories repos;

  /** A store with no uploads, grants or subscriptions, isolated from every other test. */
  protected abstract Repositories emptyRepositories();

  @BeforeEach
  void startEmpty() {
    repos = emptyRepositories();
  }

  protected static UploadId upload(String id) {
    return new UploadId(id);
  }

  protected static Instant at(long secondsAfterT0) {
    return T0.plus(secondsAfterT0, ChronoUnit.SECONDS);
  }

  protected UploadId registered(String id, UserId owner) {
    UploadId uploadId = upload(id);
    repos.uploads().register(new UploadRegistration(uploadId, owner), T0);
    return uploadId;
  }

  /** The number of the upload's current registration, as the audience reports it. */
  protected long registrationOf(UploadId uploadId) {
    return repos.directory().findAudience(uploadId, FAR_PAST).orElseThrow().registration();
  }

  /** Stores {@code event} as the latest of the upload's current registration. */
  protected void saveLatest(UploadId uploadId, LatestEvent event) {
    repos.uploads().saveLatestEvent(uploadId, registrationOf(uploadId), event);
  }

  protected void subscribe(UserId user, UploadId uploadId, Instant when) {
    repos.subscriptions().add(new Subscription(user, uploadId, when), 1000, FAR_PAST);
  }

  protected void grant(UploadId uploadId, UserId grantee) {
    repos.grants().add(new Grant(uploadId, grantee, ALICE, T0));
  }

  protected void finish(UploadId uploadId, Instant when) {
    saveLatest(uploadId, terminalEvent(uploadId, when));
  }

  protected static LatestEvent terminalEvent(UploadId uploadId, Instant when) {
    return new LatestEvent(
        "upload_completed",
        "{\"action\":\"upload_completed\",\"upload_id\":\"" + uploadId + "\"}",
        when);
  }

  protected static LatestEvent progressEvent(UploadId uploadId, int percent, Instant when) {
    return new LatestEvent(
        "upload_progress",
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + uploadId
            + "\",\"progress_percent\":"
            + percent
            + "}}",
        when);
  }
}
