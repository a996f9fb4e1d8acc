package io.progressrelay.application.service;

import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The use cases wired to the in-memory adapters with a clock the test moves: unit tests of the
 * services without any I/O. They live here because the application module cannot depend on an
 * adapter, even for tests.
 */
final class ServiceFixture {
  static final Caller ALICE = Caller.user(new UserId("alice"));
  static final Caller BOB = Caller.user(new UserId("bob"));
  static final Caller MALLORY = Caller.user(new UserId("mallory"));
  static final Caller ADMIN = new Caller(new UserId("root"), Set.of(Role.ADMIN));
  static final Caller WORKER = new Caller(new UserId("worker"), Set.of(Role.SERVICE));

  Instant now = Instant.parse("2026-11-01T10:00:00Z");
  final SubscriptionPolicy policy = new SubscriptionPolicy(Duration.ofHours(24), 3);
  final List<AudienceChange> changes = Collections.synchronizedList(new ArrayList<>());
  final InMemoryUploadRepository uploads;
  final InMemorySubscriptionRepository subscriptionRepository;
  private final InMemorySubscriberDirectory directory;
  final UploadRegistrationService registration;
  final UploadService uploadService;
  final GrantService grants;
  final SubscriptionService subscriptions;

  ServiceFixture() {
    this(change -> {});
  }

  /** With {@code beforeReport} run on each reported change before it is recorded. */
  ServiceFixture(Consumer<AudienceChange> beforeReport) {
    var store = new InMemoryStore();
    uploads = new InMemoryUploadRepository(store);
    directory = new InMemorySubscriberDirectory(store);
    var grantRepository = new InMemoryGrantRepository(store);
    subscriptionRepository = new InMemorySubscriptionRepository(store);
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    var services =
        RelayServices.create(
            uploads,
            grantRepository,
            subscriptionRepository,
            policy,
            clock,
            change -> {
              beforeReport.accept(change);
              changes.add(change);
            });
    registration = services.registration();
    uploadService = services.uploads();
    grants = services.grants();
    subscriptions = services.subscriptions();
  }

  UploadId uploadOf(Caller owner, String id) {
    var uploadId = new UploadId(id);
    registration.register(WORKER, new UploadRegistration(uploadId, owner.userId()));
    return uploadId;
  }

  void finish(UploadId uploadId) {
    long registration = directory.findAudience(uploadId, now).orElseThrow().registration();
    uploads.saveLatestEvent(uploadId, registration, new LatestEvent("upload_completed", "{}", now));
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }
}
