package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.application.service.history.RecordingHistoryStore;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.EventRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every delivery outcome, produced by a real scenario on the engine and found in the store. */
class DeliveryHistoryCaptureTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final RecordingHistoryStore history = new RecordingHistoryStore();
  private DeliveryHistoryRecorder recorder;
  private FanOutEngine engine;

  private void start(HistoryLevel level, int bufferCapacity, FanOutSettings settings) {
    start(level, bufferCapacity, settings, Duration.ofMillis(20));
  }

  private void start(
      HistoryLevel level, int bufferCapacity, FanOutSettings settings, Duration flushInterval) {
    recorder =
        new DeliveryHistoryRecorder(
            history, level, Clock.systemUTC(), "node-a", bufferCapacity, 100, flushInterval);
    engine =
        new FanOutEngine(
            settings,
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC(),
            recorder);
  }

  private void start() {
    start(HistoryLevel.ALL, 10_000, FanOutSettings.DEFAULT.withQueueLimits(5, 1 << 20));
  }

  @AfterEach
  void stop() {
    engine.close();
    recorder.close();
  }

  private UploadId upload(String id, String... subscribers) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId("owner")), T0);
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

  private static ProgressEvent event(UploadId upload, String action, int n) {
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        action,
        null,
        null,
        "{\"action\":\"" + action + "\",\"n\":" + n + "}",
        Instant.now(),
        System.nanoTime());
  }

  private List<DeliveryOutcome> outcomesOf(String user) {
    return history.deliveries().stream()
        .filter(d -> d.userId().equals(java.util.Optional.ofNullable(user)))
        .map(DeliveryRecord::outcome)
        .toList();
  }

  @Test
  void heldProgressReleasedIntoAFullQueueIsRecordedAsDroppedEvenAfterTheOneThatOverflowed() {
    start(
        HistoryLevel.ALL,
        10_000,
        FanOutSettings.DEFAULT
            .withQueueLimits(2, 1 << 20)
            .withProgressRateLimit(Duration.ofSeconds(30)));
    RecordingSocket stalled = connect(RecordingSocket.stalled("alice"));
    var alice = new EventChannel.User("user:", new UserId("alice"));

    engine.relay(fileProgress(alice, "f1", 1)); // written, never completes
    stalled.awaitWrites(2);
    engine.relay(fileProgress(alice, "f1", 2)); // held by the rate limit
    engine.relay(fileProgress(alice, "f2", 1)); // queued
    engine.relay(fileProgress(alice, "f2", 2)); // held
    engine.relay(fileProgress(alice, "f3", 1)); // queued: the queue is full
    // An ordered frame on the channel releases f1=2 (which overflows) and f2=2 behind it.
    engine.relay(
        ProgressEvent.of(
            alice,
            "upload_log",
            null,
            null,
            "{\"action\":\"upload_log\"}",
            Instant.now(),
            System.nanoTime()));

    // Six outcomes: without the fix f2=2, released after the overflow, never got one.
    await().until(() -> outcomesOf("alice").size() == 6);
    assertThat(outcomesOf("alice"))
        .containsExactlyInAnyOrder(
            DeliveryOutcome.FAILED, // f1=1, whose write the close cut short
            DeliveryOutcome.DROPPED_SLOW_CONSUMER, // f1=2, the one that did not fit
            DeliveryOutcome.DROPPED_SLOW_CONSUMER, // f2=2, released after it
            DeliveryOutcome.DROPPED_SLOW_CONSUMER, // f2=1, waiting in the queue
            DeliveryOutcome.DROPPED_SLOW_CONSUMER, // f3=1, waiting in the queue
            DeliveryOutcome.DROPPED_SLOW_CONSUMER); // the ordered frame itself
  }

  private static ProgressEvent fileProgress(EventChannel.User user, String file, int percent) {
    return ProgressEvent.of(
        user,
        "file_progress",
        "batch-1",
        file,
        "{\"action\":\"file_progress\",\"upload_id\":\"" + file + "\",\"p\":" + percent + "}",
        Instant.now(),
        System.nanoTime());
  }

  @Test
  void aWrittenFrameIsDeliveredWithItsConnectionsAndLatency() {
    start();
    UploadId id = upload("u-1", "alice");
    connect(RecordingSocket.reading("alice"));
    connect(RecordingSocket.reading("alice"));

    engine.relay(event(id, "upload_completed", 1));

    await().until(() -> history.deliveries().size() == 1);
    DeliveryRecord delivered = history.deliveries().get(0);
    assertThat(delivered.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(delivered.connections()).isEqualTo(2);
    assertThat(delivered.latencyMicros().orElseThrow()).isNotNegative();
    assertThat(delivered.firstWrittenAt()).isPresent();
    assertThat(history.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.uploadId()).contains("u-1");
              assertThat(e.action()).isEqualTo("upload_completed");
              assertThat(e.instanceId()).isEqualTo("node-a");
            });
  }

  @Test
  void anUploadWithoutSubscribersAndAUserWithoutSocketsAreRecordedAsSuch() {
    start();
    UploadId lonely = upload("u-1");
    UploadId offline = upload("u-2", "bob");

    engine.relay(event(lonely, "upload_progress", 1));
    engine.relay(event(offline, "upload_progress", 1));

    await().until(() -> history.deliveries().size() == 2);
    assertThat(outcomesOf(null)).containsExactly(DeliveryOutcome.NO_SUBSCRIBERS);
    assertThat(outcomesOf("bob")).containsExactly(DeliveryOutcome.NO_CONNECTION);
  }

  @Test
  void eventsAreRecordedUnderTheChannelNamesTheyWerePublishedOn() {
    start();
    UploadId offline = upload("u-1", "bob");

    engine.relay(
        ProgressEvent.of(
            new EventChannel.Upload("relay-a:upload:", offline),
            "upload_progress",
            null,
            null,
            "{}",
            Instant.now(),
            System.nanoTime()));
    engine.relay(fileProgress(new EventChannel.User("relay-a:user:", new UserId("bob")), "f1", 1));

    await().until(() -> history.events().size() == 2);
    assertThat(history.events())
        .extracting(EventRecord::channel)
        .containsExactlyInAnyOrder("relay-a:upload:u-1", "relay-a:user:bob");
  }

  @Test
  void progressReplacedBehindAStalledReaderIsCoalescedAndTheRestDelivered() {
    start();
    UploadId id = upload("u-1", "alice");
    RecordingSocket stalled = connect(RecordingSocket.stalled("alice"));
    engine.relay(event(id, "upload_progress", 0));
    stalled.awaitWrites(2); // in flight
    engine.relay(event(id, "upload_progress", 1));
    engine.relay(event(id, "upload_progress", 2));
    await().until(() -> engine.stats().framesCoalesced() == 1);

    stalled.resume();

    await().until(() -> history.deliveries().size() == 3);
    assertThat(outcomesOf("alice"))
        .containsExactlyInAnyOrder(
            DeliveryOutcome.DELIVERED, DeliveryOutcome.COALESCED, DeliveryOutcome.DELIVERED);
  }

  @Test
  void aStalledReadersReplacedProgressIsRecordedAsRunsThatAccountForEveryFrame() {
    // A long flush interval keeps the replaced frames in one batch, so they fold into one run.
    start(
        HistoryLevel.ALL,
        10_000,
        FanOutSettings.DEFAULT.withQueueLimits(5, 1 << 20),
        Duration.ofSeconds(2));
    UploadId id = upload("u-1", "alice");
    RecordingSocket stalled = connect(RecordingSocket.stalled("alice"));
    engine.relay(event(id, "upload_progress", 0));
    stalled.awaitWrites(2); // in flight
    for (int n = 1; n <= 40; n++) {
      engine.relay(event(id, "upload_progress", n));
    }
    await().until(() -> engine.stats().framesCoalesced() == 39);

    stalled.resume();

    await().until(() -> recorder.stats().written() == 41);
    List<DeliveryRecord> replaced =
        history.deliveries().stream()
            .filter(d -> d.outcome() == DeliveryOutcome.COALESCED)
            .toList();
    assertThat(replaced)
        .as("one run per writer batch, together counting every replaced frame")
        .hasSizeLessThan(39)
        .extracting(d -> d.run().map(DeliveryRun::count).orElse(1))
        .satisfies(counts -> assertThat(counts.stream().mapToInt(c -> c).sum()).isEqualTo(39));
    assertThat(outcomesOf("alice")).filteredOn(o -> o == DeliveryOutcome.DELIVERED).hasSize(2);
  }

  @Test
  void aBroadcastIsHandedToHistoryOnceSoItsOutcomesAreKeptOrLostTogether() {
    start(HistoryLevel.ALL, 2, FanOutSettings.DEFAULT);
    UploadId id = upload("u-1", "alice", "bob", "carol");
    List<RecordingSocket> readers = new ArrayList<>();
    for (String user : List.of("alice", "bob", "carol")) {
      readers.add(connect(RecordingSocket.reading(user)));
    }

    engine.relay(event(id, "upload_log", 1));

    await().until(() -> readers.stream().allMatch(reader -> reader.written().size() == 1));
    await().until(() -> recorder.stats().lost() == 3);
    assertThat(recorder.stats().recorded()).isEqualTo(3);
    assertThat(recorder.stats().written()).as("none of the three fit a buffer of two").isZero();
  }

  @Test
  void framesLostWithASlowConsumerAreRecordedAsDropped() {
    start();
    UploadId id = upload("u-1", "alice");
    RecordingSocket stalled = connect(RecordingSocket.stalled("alice"));
    engine.relay(event(id, "upload_log", 0));
    stalled.awaitWrites(2); // in flight

    for (int n = 1; n < 8; n++) {
      engine.relay(event(id, "upload_log", n));
    }

    await().until(() -> history.deliveries().size() == 8);
    // The frame in flight fails with the socket, the queued ones and the one that did not fit are
    // dropped with the slow consumer, and the last finds the user no longer connected.
    assertThat(outcomesOf("alice"))
        .containsExactlyInAnyOrder(
            DeliveryOutcome.FAILED,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.DROPPED_SLOW_CONSUMER,
            DeliveryOutcome.NO_CONNECTION);
  }

  @Test
  void aFailedWriteIsRecordedAsFailed() {
    start();
    UploadId id = upload("u-1", "alice");
    connect(
        new RecordingSocket("alice", false) {
          private int writes;

          @Override
          public void write(FrameBatch frames, WriteCallback callback) {
            if (writes++ == 0) {
              super.write(frames, callback); // the greeting
            } else {
              callback.completed(new java.io.IOException("connection reset"));
            }
          }
        });

    engine.relay(event(id, "upload_completed", 1));

    await().until(() -> history.deliveries().size() == 1);
    assertThat(outcomesOf("alice")).containsExactly(DeliveryOutcome.FAILED);
  }

  @Test
  void progressHeldByTheRateLimitAndReplacedIsRecordedAsRateLimited() {
    start(
        HistoryLevel.ALL,
        10_000,
        FanOutSettings.DEFAULT.withProgressRateLimit(Duration.ofMillis(100)));
    UploadId id = upload("u-1", "alice");
    connect(RecordingSocket.reading("alice"));

    for (int n = 0; n < 3; n++) {
      engine.relay(event(id, "upload_progress", n));
    }

    await().until(() -> history.deliveries().size() == 3);
    assertThat(outcomesOf("alice"))
        .containsExactlyInAnyOrder(
            DeliveryOutcome.DELIVERED, DeliveryOutcome.RATE_LIMITED, DeliveryOutcome.DELIVERED);
  }

  @Test
  void atTheTerminalLevelOnlyTerminalEventsAndNonDeliveriesAreRecorded() {
    start(HistoryLevel.TERMINAL, 10_000, FanOutSettings.DEFAULT);
    UploadId id = upload("u-1", "alice", "bob");
    connect(RecordingSocket.reading("alice"));

    engine.relay(event(id, "upload_progress", 1));
    engine.relay(event(id, "upload_completed", 2));

    await().until(() -> history.deliveries().size() == 3);
    assertThat(outcomesOf("alice")).containsExactly(DeliveryOutcome.DELIVERED);
    assertThat(outcomesOf("bob"))
        .containsExactly(DeliveryOutcome.NO_CONNECTION, DeliveryOutcome.NO_CONNECTION);
  }

  @Test
  void whenTheStoreIsDownTheBufferFillsTheRestIsCountedAndAGapReportedAfterwards() {
    start(HistoryLevel.ALL, 10, FanOutSettings.DEFAULT);
    UploadId id = upload("u-1");
    history.goDown();

    for (int n = 0; n < 50; n++) {
      engine.relay(event(id, "upload_progress", n));
    }
    assertThat(engine.stats().eventsRelayed()).isEqualTo(50);
    await().until(() -> recorder.stats().lost() > 0);
    history.comeBack();

    await().atMost(Duration.ofSeconds(10)).until(() -> !history.gaps().isEmpty());
    long lost = recorder.stats().lost();
    assertThat(history.gaps())
        .singleElement()
        .satisfies(gap -> assertThat(gap.lostOutcomes()).isEqualTo(lost));
    assertThat(history.deliveries().size() + lost).isEqualTo(50);
  }
}
