package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The route cache as the engine sees it: idle routes go and load again when needed, a route waiting
 * for its load never goes, and routes a connected user follows stay through a flood beyond the
 * capacity, also when the user connected after the route was loaded. The cache's clock is moved by
 * the test, so nothing waits for real time to pass.
 */
class RouteCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final int CAPACITY = 100;
  private static final Duration IDLE = FanOutSettings.DEFAULT.idleRouteEviction();

  private final AtomicLong nanos = new AtomicLong();
  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));
  private final FanOutEngine engine =
      new FanOutEngine(
          FanOutSettings.DEFAULT.withLatestStateCapacity(CAPACITY),
          ContinuitySettings.DEFAULT,
          directory,
          uploads,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC(),
          null,
          nanos::get);

  @AfterEach
  void stop() {
    directory.open();
    engine.close();
  }

  @Test
  void aRouteUnusedForTheIdlePeriodIsDroppedAndLoadsAgainWhenNeeded() {
    UploadId quiet = upload("quiet", "alice", "alice");
    RecordingSocket alice = connect("alice");
    engine.relay(progress(quiet, 1));
    await().until(() -> alice.written().size() == 1);

    pass(IDLE.minusSeconds(1));
    engine.evictIdle();
    assertThat(engine.routeStats().routes()).isEqualTo(1);

    pass(Duration.ofSeconds(2));
    await().until(this::routesAfterUpkeep, routes -> routes == 0);
    engine.relay(progress(quiet, 2));

    await().until(() -> alice.written().size() == 2);
    assertThat(directory.queries().stream().filter(ids -> ids.contains(quiet))).hasSize(2);
  }

  @Test
  void aRouteWaitingForItsLoadNeverExpiresAndItsEventsGoOutInOrder() {
    UploadId slow = upload("slow", "bob", "bob");
    RecordingSocket bob = connect("bob");
    directory.close();
    engine.relay(progress(slow, 1));
    engine.relay(progress(slow, 2));

    pass(Duration.ofDays(1));
    engine.evictIdle();
    assertThat(engine.routeStats().routes()).isEqualTo(1);
    engine.relay(progress(slow, 3));
    directory.open();

    await().until(() -> bob.written().size() == 3);
    assertThat(bob.written())
        .containsExactly(
            progress(slow, 1).payload(), progress(slow, 2).payload(), progress(slow, 3).payload());
    assertThat(directory.queries().stream().filter(ids -> ids.contains(slow))).hasSize(1);
    // Loaded, it ages like any route.
    pass(IDLE.plusSeconds(1));
    await().until(this::routesAfterUpkeep, routes -> routes == 0);
  }

  @Test
  void aRouteWhoseSubscriberConnectedAfterItsLoadOutlivesAFloodOfBusierIds() {
    UploadId watched = upload("watched", "carol", "bob");
    engine.relay(progress(watched, 1));
    await().until(() -> engine.stats().audienceLoads() == 1);
    RecordingSocket bob = connect("bob");
    engine.evictIdle(); // weighs the route again: bob follows it from this instance now

    // Ids used more often than the watched route, which an unpinned route would lose to.
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < CAPACITY * 5; i++) {
        engine.relay(progress(new UploadId("busy-" + i), round));
      }
    }
    await().until(this::routesAfterUpkeep, routes -> routes <= CAPACITY + 1);
    engine.relay(progress(watched, 2));

    await().until(() -> bob.written().size() == 1);
    assertThat(bob.written()).containsExactly(progress(watched, 2).payload());
    assertThat(directory.queries().stream().filter(ids -> ids.contains(watched))).hasSize(1);
  }

  private int routesAfterUpkeep() {
    engine.evictIdle();
    return engine.routeStats().routes();
  }

  private void pass(Duration duration) {
    nanos.addAndGet(duration.toNanos());
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
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        "upload_progress",
        null,
        null,
        "{\"action\":\"upload_progress\",\"upload_id\":\"" + upload + "\",\"p\":" + percent + "}",
        Instant.now(),
        System.nanoTime());
  }
}
