package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.domain.Grant;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.Upload;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared state of the fake repositories: uploads, grants and subscriptions behind one lock, so
 * every operation is atomic the way a database transaction is. Thread-safe. The application's tests
 * cannot use the in-memory adapter (it depends on the application), so these fakes keep its rules
 * and run the same repository contracts ({@code Fake*Test}).
 */
public final class FakeStore {
  final Map<UploadId, Upload> uploads = new HashMap<>();
  // Each registration's number, as PostgreSQL's identity column assigns it: never reused.
  final Map<UploadId, Long> registrations = new HashMap<>();
  long lastRegistration;
  final Map<UploadId, Map<UserId, Grant>> grants = new HashMap<>();
  final Map<UserId, Map<UploadId, Subscription>> subscriptions = new HashMap<>();

  /** The four fake repositories over one new, empty store. */
  public static Repositories repositories() {
    var store = new FakeStore();
    return new Repositories(
        new FakeUploadRepository(store),
        new FakeGrantRepository(store),
        new FakeSubscriptionRepository(store),
        new FakeSubscriberDirectory(store));
  }

  /** Runs {@code action} while holding the store's lock. */
  synchronized <T> T locked(Supplier<T> action) {
    return action.get();
  }

  Map<UserId, Grant> grantsOf(UploadId uploadId) {
    return grants.computeIfAbsent(uploadId, id -> new LinkedHashMap<>());
  }

  Map<UploadId, Subscription> subscriptionsOf(UserId userId) {
    return subscriptions.computeIfAbsent(userId, id -> new HashMap<>());
  }

  /** The finish time of the subscription's upload, empty while it runs (or if it is gone). */
  Optional<Instant> finishedAt(Subscription subscription) {
    return Optional.ofNullable(uploads.get(subscription.uploadId())).flatMap(Upload::finishedAt);
  }

  /** The rule of {@link io.progressrelay.application.port.out.SubscriptionRepository}. */
  boolean isExpired(Subscription subscription, Instant cutoff) {
    return finishedAt(subscription)
        .map(f -> f.isBefore(cutoff) && subscription.subscribedAt().isBefore(cutoff))
        .orElse(false);
  }
}
