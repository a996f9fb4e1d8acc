package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The counters metrics read: events by kind, frame outcomes and delivery latency. */
class FanOutCountersTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private FanOutEngine engine = engine(FanOutSettings.DEFAULT.withQueueLimits(50, 1 << 20));

  @AfterEach
  void stop() {
    engine.close();
  }

  private FanOutEngine engine(FanOutSettings settings) {
    return new FanOutEngine(
        settings,
        new InMemorySubscriberDirectory(store),
        uploads,
        SubscriptionPolicy.DEFAULT,
        Clock.systemUTC());
  }

  private UploadId upload(String... subscribers) {
    var uploadId = new UploadId("u-1");
    uploads.register(new UploadRegistration(uploadId, new UserId("alice")), T0);
    for (String subscriber : subscribers) {
      subscriptions.add(new Subscription(new UserId(subscriber), uploadId, T0), 100, T0);
    }
    return uploadId;
  }

  private RecordingSocket connect(RecordingSocket socket) {
    engine.connect(
        Caller.user(socket.userId()),
        socket,
        "{\"action\":\"auth_success\"}",
        ClientCapabilities.LATEST_ON_SUBSCRIBE);
    socket.passGreeting();
    return socket;
  }

  private static ProgressEvent event(UploadId upload, String action) {
    return event(new EventChannel.Upload("upload:", upload), action);
  }

  private static ProgressEvent event(EventChannel channel, String action) {
    String payload = "{\"action\":\"" + action + "\"}";
    return ProgressEvent.of(channel, action, null, null, payload, Instant.now(), System.nanoTime());
  }

  @Test
  void eventsAreCountedByKindAndEventFramesWithTheirLatency() {
    UploadId id = upload("alice");
    var alice = connect(RecordingSocket.reading("alice"));

    engine.relay(event(id, "upload_progress"));
    engine.relay(event(id, "upload_completed"));
    engine.relay(event(new EventChannel.User("user:", new UserId("alice")), "notice"));
    await().until(() -> alice.written().size() == 3);

    FanOutStats stats = engine.stats();
    assertThat(stats.eventsRelayed(EventKind.PROGRESS)).isEqualTo(1);
    assertThat(stats.eventsRelayed(EventKind.TERMINAL)).isEqualTo(1);
    assertThat(stats.eventsRelayed(EventKind.OTHER)).isEqualTo(1);
    assertThat(stats.eventsRelayed()).isEqualTo(3);
    assertThat(stats.framesSent()).isEqualTo(3); // the greeting is not an event frame
    LatencyHistogram.Snapshot latency = engine.deliveryLatency();
    assertThat(latency.count()).isEqualTo(3);
    assertThat(latency.sumNanos()).isPositive();
    assertThat(latency.buckets().get(latency.buckets().size() - 1).cumulativeCount()).isEqualTo(3);
  }

  @Test
  void theLatestEventReplayedToANewSubscriberIsNeitherSentNorTimedAgain() {
    UploadId id = upload("alice");
    connect(RecordingSocket.reading("alice"));
    engine.relay(event(id, "upload_progress"));
    var bob = connect(RecordingSocket.reading("bob"));
    await().until(() -> engine.stats().framesSent() == 1);

    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId("bob"), id));
    await().until(() -> bob.written().size() == 1);

    assertThat(engine.stats().framesSent()).isEqualTo(1);
    assertThat(engine.deliveryLatency().count()).isEqualTo(1);
  }

  @Test
  void progressReplacedUnderTheRateLimitIsRateLimitedNotCoalesced() {
    engine.close();
    engine = engine(FanOutSettings.DEFAULT.withProgressRateLimit(Duration.ofSeconds(10)));
    UploadId id = upload("alice");
    var alice = connect(RecordingSocket.reading("alice"));

    engine.relay(event(id, "upload_progress"));
    await().until(() -> alice.written().size() == 1);
    engine.relay(event(id, "upload_progress")); // held for the window
    engine.relay(event(id, "upload_progress")); // replaces the held one

    assertThat(engine.stats().framesRateLimited()).isEqualTo(1);
    assertThat(engine.stats().framesCoalesced()).isZero();
  }

  @Test
  void aSlowConsumerCountsTheFrameThatDidNotFitAndThoseWaiting() {
    UploadId id = upload("alice");
    var stalled = connect(RecordingSocket.stalled("alice"));
    engine.relay(event(id, "upload_log")); // in flight, never completed
    stalled.awaitWrites(2);

    for (int i = 0; i < 51; i++) {
      engine.relay(event(id, "upload_log"));
    }

    await().until(() -> stalled.disconnected() != null);
    assertThat(stalled.disconnected()).isEqualTo(DisconnectReason.SLOW_CONSUMER);
    assertThat(engine.stats().slowConsumersClosed()).isEqualTo(1);
    assertThat(engine.stats().framesDropped()).isEqualTo(51);
    assertThat(engine.stats().framesSent()).isZero();
  }
}
