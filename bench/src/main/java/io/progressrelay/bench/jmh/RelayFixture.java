package io.progressrelay.bench.jmh;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.application.service.fanout.FanOutStats;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.application.service.history.HistoryStats;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.HistoryLevel;
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
import java.util.function.BooleanSupplier;

/**
 * An engine wired as {@code Application} wires it (default {@link FanOutSettings}, default
 * subscription policy, system clock), over the in-memory adapters instead of PostgreSQL, with one
 * upload whose route is loaded before measuring: the steady state.
 */
final class RelayFixture implements AutoCloseable {
  static final String GREETING = "{\"action\":\"auth_success\",\"user_id\":\"bench\"}";

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final DeliveryHistoryRecorder recorder;
  final FanOutEngine engine;

  /** An engine recording history at {@code level}; {@code OFF} builds it with no recorder. */
  RelayFixture(HistoryLevel level) {
    Clock clock = Clock.systemUTC();
    recorder =
        level == HistoryLevel.OFF
            ? null
            : new DeliveryHistoryRecorder(
                new DiscardingHistoryStore(),
                level,
                clock,
                "bench-node",
                100_000, // RELAY_HISTORY_BUFFER's default
                1000, // HistoryConfig.BATCH_SIZE
                Duration.ofMillis(250)); // HistoryConfig.FLUSH_INTERVAL
    engine =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            clock,
            recorder);
  }

  /** Registers an upload of {@code owner} to which every one of {@code subscribers} subscribed. */
  UploadId upload(String id, String owner, List<UserId> subscribers) {
    var uploadId = new UploadId(id);
    Instant now = Instant.now();
    uploads.register(new UploadRegistration(uploadId, new UserId(owner)), now);
    int maxPerUser = SubscriptionPolicy.DEFAULT.maxPerUser();
    for (UserId subscriber : subscribers) {
      subscriptions.add(new Subscription(subscriber, uploadId, now), maxPerUser, now);
    }
    return uploadId;
  }

  <G extends ClientSocket> G connect(G socket) {
    engine.connect(
        Caller.user(socket.userId()), socket, GREETING, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    return socket;
  }

  /**
   * Relays a first event of {@code upload}, which makes the engine load its route on a loader
   * thread, and waits until that event was written to all {@code recipients} connections: from then
   * on events go straight from the cached route to the queues, and nothing of the set-up is still
   * being written when the measurement starts.
   */
  void loadRoute(UploadId upload, String firstMessage, int recipients) {
    long sentBefore = engine.stats().framesSent();
    relayFirst(upload, firstMessage);
    await(
        () -> engine.stats().framesSent() - sentBefore >= recipients,
        "the route of " + upload + " to load and its first event to be written");
  }

  /**
   * As {@link #loadRoute}, for recipients whose sockets never complete a write: waits until the
   * first event is queued on each.
   */
  void loadRouteToStalled(UploadId upload, String firstMessage, int recipients) {
    long queuedBefore = engine.stats().framesQueued();
    relayFirst(upload, firstMessage);
    await(
        () -> engine.stats().framesQueued() - queuedBefore >= recipients,
        "the route of " + upload + " to load");
  }

  private void relayFirst(UploadId upload, String firstMessage) {
    engine.relay(
        ProgressEvent.of(
            new EventChannel.Upload("upload:", upload),
            Payloads.ACTION,
            null,
            upload.value(),
            firstMessage,
            Instant.now(),
            System.nanoTime()));
  }

  FanOutStats stats() {
    return engine.stats();
  }

  /** The recorder's counters, or null when history is off. */
  HistoryStats historyStats() {
    return recorder == null ? null : recorder.stats();
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    engine.close();
    if (recorder != null) {
      recorder.close();
    }
  }
}
