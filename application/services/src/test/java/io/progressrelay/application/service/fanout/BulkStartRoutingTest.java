package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk starts (issue 17): a burst of events on ids never seen before loads their routes in batches,
 * after the routes someone follows, leaves behind cheap negative entries that a registration
 * invalidates, and never pushes out of the cache a route a connected user follows.
 */
class BulkStartRoutingTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final int CAPACITY = 100;
  // Queries that may have started, one per loader thread, before the test held the directory.
  private static final int LOADER_THREADS = 2;
  // The index of the first query a followed route can be in when the directory opens: after those
  // held, and maybe after the other loader thread's next batch, which may reach the directory
  // first.
  private static final int FIRST_AFTER_HELD = LOADER_THREADS + LOADER_THREADS - 1;

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));
  private final FanOutEngine engine =
      new FanOutEngine(
          FanOutSettings.DEFAULT.withLatestStateCapacity(CAPACITY),
          directory,
          uploads,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC());

  @AfterEach
  void stop() {
    directory.open();
    engine.close();
  }

  @Test
  void aBurstOfNewIdsLoadsInBatchesAndARegisteredUploadsEventsArriveInOrder() {
    UploadId fresh = upload("fresh", "alice", "alice");
    RecordingSocket alice = connect("alice");
    directory.close();

    burst(20_000);
    engine.relay(progress(fresh, 10));
    engine.relay(progress(fresh, 50));
    engine.relay(completed(fresh));
    directory.open();

    await().until(() -> alice.written().size() == 3);
    assertThat(alice.written())
        .containsExactly(
            progress(fresh, 10).payload(),
            progress(fresh, 50).payload(),
            completed(fresh).payload());
    List<List<UploadId>> queries = directory.queries();
    assertThat(queries).allSatisfy(ids -> assertThat(ids).hasSizeLessThanOrEqualTo(1_000));
    assertThat(queries.stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(20_001);
    assertThat(queries).hasSizeLessThanOrEqualTo(LOADER_THREADS + 20_001 / 1_000 + 1);
  }

  @Test
  void aSubscriptionsLoadGoesBeforeABurstOfNewIds() {
    UploadId fresh = upload("fresh", "alice");
    RecordingSocket alice = connect("alice");
    directory.close();

    burst(5_000);
    subscriptions.add(new Subscription(new UserId("alice"), fresh, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId("alice"), fresh));
    engine.relay(completed(fresh));
    directory.open();

    await().until(() -> alice.written().size() == 1);
    assertThat(firstQueryWith(fresh)).as(queriesSeen()).isLessThanOrEqualTo(FIRST_AFTER_HELD);
  }

  @Test
  void anIdWhoseRegistrationWasAnnouncedLoadsBeforeABurstOfNewIds() {
    RecordingSocket alice = connect("alice");
    directory.close();
    UploadId fresh = upload("fresh", "alice", "alice");
    engine.applyCommitted(AudienceChange.uploadRegistered(fresh));

    burst(5_000);
    engine.relay(completed(fresh));
    directory.open();

    await().until(() -> alice.written().size() == 1);
    assertThat(firstQueryWith(fresh)).as(queriesSeen()).isLessThanOrEqualTo(FIRST_AFTER_HELD);
  }

  @Test
  void anIdLoadedAsUnregisteredLoadsAgainWhenItsRegistrationIsAnnounced() {
    RecordingSocket alice = connect("alice");
    UploadId later = new UploadId("later");
    engine.relay(progress(later, 1));
    await().until(() -> engine.stats().audienceLoads() == 1);

    upload("later", "alice", "alice");
    engine.applyCommitted(AudienceChange.uploadRegistered(later));
    engine.relay(completed(later));

    await().until(() -> alice.written().size() == 1);
    assertThat(alice.written()).containsExactly(completed(later).payload());
  }

  @Test
  void aRouteAConnectedUserFollowsOutlivesAFloodBeyondTheCapacity() {
    UploadId active = upload("active", "carol", "bob");
    RecordingSocket bob = connect("bob");
    engine.relay(progress(active, 1));
    await().until(() -> bob.written().size() == 1);

    burst(CAPACITY * 20);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> engine.stats().audienceLoads() == 1 + CAPACITY * 20);
    // The capacity bounds the routes that can go; the one bob watches is kept besides them.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> engine.routeStats().routes() <= CAPACITY + 1);
    engine.relay(progress(active, 2));

    await().until(() -> bob.written().size() == 2);
    assertThat(directory.queries().stream().filter(ids -> ids.contains(active))).hasSize(1);
  }

  private int firstQueryWith(UploadId upload) {
    List<List<UploadId>> queries = directory.queries();
    for (int i = 0; i < queries.size(); i++) {
      if (queries.get(i).contains(upload)) {
        return i;
      }
    }
    throw new AssertionError(upload + " was never loaded");
  }

  // Each query as its size and first id.
  private String queriesSeen() {
    return directory.queries().stream()
        .map(ids -> ids.size() + ":" + ids.get(0))
        .toList()
        .toString();
  }

  private void burst(int ids) {
    for (int i = 0; i < ids; i++) {
      engine.relay(progress(new UploadId("burst-" + i), 1));
    }
  }

  private UploadId upload(String id, String owner, String... subscribers) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId(owner)), T0);
    for (String subscriber : subscribers) {
      subscriptions.add(new Subscription(new UserId(subscriber), uploadId, T0), 100, T0);
    }
    return uploadId;
  }

  private RecordingSocket connect(String user) {
    RecordingSocket socket = RecordingSocket.reading(user);
    engine.connect(
        Caller.user(socket.userId()), socket, "{}", ClientCapabilities.LATEST_ON_SUBSCRIBE);
    socket.passGreeting();
    return socket;
  }

  private static ProgressEvent progress(UploadId upload, int percent) {
    return event(
        upload,
        "upload_progress",
        "{\"action\":\"upload_progress\",\"upload_id\":\"" + upload + "\",\"p\":" + percent + "}");
  }

  private static ProgressEvent completed(UploadId upload) {
    return event(
        upload,
        "upload_completed",
        "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}");
  }

  private static ProgressEvent event(UploadId upload, String action, String payload) {
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        action,
        null,
        null,
        payload,
        Instant.now(),
        System.nanoTime());
  }
}
