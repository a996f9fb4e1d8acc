package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Bulk starts (issue 17): how late a fresh registered upload's terminal event reaches its owner
 * when it is published right after events of 20,000 and of 200,000 ids never seen before (none of
 * them registered), how late an actively subscribed upload's next event is once the burst has
 * loaded and the route cache has evicted down to its capacity (default 100,000), and the process's
 * RSS and heap after GC before and after. The engine is wired as {@code Application} wires it, on a
 * real PostgreSQL database, fed on one thread as the Redis listener feeds it. Run only when named
 * (see docs/performance.md); prints one line per burst.
 */
final class BulkStartBenchmark {
  private static final int[] BURSTS = {20_000, 200_000};
  private static final String PROGRESS = "upload_progress";
  private static final String COMPLETED = "upload_completed";

  @Test
  void aRegisteredUploadsTerminalEventAfterABurstOfNewIds() throws Exception {
    try (MigratedDatabase database = MigratedDatabase.forTestClass(BulkStartBenchmark.class)) {
      for (int burst : BURSTS) {
        measure(database, burst);
      }
    }
  }

  private static void measure(MigratedDatabase database, int burst) throws Exception {
    Repositories repos = database.emptyRepositories();
    Instant now = Instant.now();
    UploadId fresh = new UploadId("fresh-upload");
    UploadId active = new UploadId("active-upload");
    UploadId announced = new UploadId("announced-upload");
    repos.uploads().register(new UploadRegistration(fresh, new UserId("alice")), now);
    repos.uploads().register(new UploadRegistration(active, new UserId("carol")), now);
    repos.uploads().register(new UploadRegistration(announced, new UserId("dave")), now);
    subscribe(repos, "alice", fresh, now);
    subscribe(repos, "dave", announced, now);
    subscribe(repos, "bob", active, now);
    AtomicLong queries = new AtomicLong();
    SubscriberDirectory counted =
        new SubscriberDirectory() {
          @Override
          public Map<UploadId, UploadAudience> findAudiences(
              Collection<UploadId> ids, Instant cutoff) {
            queries.incrementAndGet();
            return repos.directory().findAudiences(ids, cutoff);
          }

          @Override
          public List<UploadId> followedBy(UserId user, Instant cutoff) {
            return repos.directory().followedBy(user, cutoff);
          }

          @Override
          public Map<UserId, List<UploadId>> followedByEach(
              Collection<UserId> users, Instant cutoff) {
            return repos.directory().followedByEach(users, cutoff);
          }
        };
    try (FanOutEngine engine =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            counted,
            repos.uploads(),
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC())) {
      StampingSocket alice = connect(engine, new StampingSocket("alice"));
      StampingSocket bob = connect(engine, new StampingSocket("bob"));
      StampingSocket dave = connect(engine, new StampingSocket("dave"));
      // As the registration service announces it (the fresh upload's was not heard: registered on
      // an instance whose announcement is late, or before this one started).
      engine.applyCommitted(AudienceChange.uploadRegistered(announced));
      engine.relay(event(active, PROGRESS, "warm"));
      await(() -> bob.stamped("warm") != 0, "the active upload's route");
      long rssBefore = rssKb();
      long heapBefore = heapAfterGcKb();
      long loadsBefore = engine.stats().audienceLoads();
      long queriesBefore = queries.get();

      for (int i = 0; i < burst; i++) {
        engine.relay(event(new UploadId("burst-" + burst + "-" + i), PROGRESS, "b"));
      }
      long published = System.nanoTime();
      engine.relay(event(fresh, COMPLETED, "done"));
      engine.relay(event(announced, COMPLETED, "announced-done"));
      await(
          () -> alice.stamped("done") != 0, "the fresh upload's terminal event to its subscriber");
      await(() -> dave.stamped("announced-done") != 0, "the announced upload's terminal event");
      double terminalMillis = (alice.stamped("done") - published) / 1e6;
      double announcedMillis = (dave.stamped("announced-done") - published) / 1e6;

      // Past the burst: every id loaded, and the cache has evicted down to its capacity (Caffeine's
      // upkeep follows the loads; the engine's own runs every 10 s).
      await(() -> engine.stats().audienceLoads() - loadsBefore >= burst + 2, "the burst to load");
      Thread.sleep(12_000);
      long burstQueries = queries.get() - queriesBefore;
      long loadsBeforeActive = engine.stats().audienceLoads();
      long sent = System.nanoTime();
      engine.relay(event(active, PROGRESS, "after"));
      await(() -> bob.stamped("after") != 0, "the active upload's next event");
      double activeMillis = (bob.stamped("after") - sent) / 1e6;
      boolean activeReloaded = engine.stats().audienceLoads() != loadsBeforeActive;

      System.out.printf(
          Locale.ROOT,
          "burst %,d new ids: fresh upload's terminal event %.1f ms late (one whose registration"
              + " was announced: %.1f ms); active upload's next"
              + " event %.1f ms late (route %s); %,d queries loaded the burst; routes cached %,d; RSS %,d -> %,d MB; heap after"
              + " GC %,d -> %,d MB%n",
          burst,
          terminalMillis,
          announcedMillis,
          activeMillis,
          activeReloaded ? "evicted and reloaded" : "kept",
          burstQueries,
          engine.routeStats().routes(),
          rssBefore / 1024,
          rssKb() / 1024,
          heapBefore / 1024,
          heapAfterGcKb() / 1024);
    }
  }

  private static void subscribe(Repositories repos, String user, UploadId upload, Instant now) {
    repos
        .subscriptions()
        .add(
            new Subscription(new UserId(user), upload, now),
            SubscriptionPolicy.DEFAULT.maxPerUser(),
            SubscriptionPolicy.DEFAULT.expiryCutoff(now));
  }

  private static ProgressEvent event(UploadId upload, String action, String marker) {
    String payload =
        "{\"action\":\""
            + action
            + "\",\"upload_id\":\""
            + upload.value()
            + "\",\"m\":\""
            + marker
            + "\"}";
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        action,
        null,
        upload.value(),
        payload,
        Instant.now(),
        System.nanoTime());
  }

  private static StampingSocket connect(FanOutEngine engine, StampingSocket socket) {
    engine.connect(
        Caller.user(socket.userId()), socket, "{}", ClientCapabilities.LATEST_ON_SUBSCRIBE);
    return socket;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(1);
    }
  }

  private static long rssKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst()
        .orElse(-1);
  }

  private static long heapAfterGcKb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
  }

  /** A socket that writes at once and notes when the frame carrying each marker was written. */
  private static final class StampingSocket implements ClientSocket {
    private final UserId userId;
    private final ConcurrentHashMap<String, Long> stamps = new ConcurrentHashMap<>();

    StampingSocket(String user) {
      this.userId = new UserId(user);
    }

    long stamped(String marker) {
      return stamps.getOrDefault(marker, 0L);
    }

    @Override
    public String connectionId() {
      return "bench-" + userId.value();
    }

    @Override
    public UserId userId() {
      return userId;
    }

    @Override
    public void write(FrameBatch frames, WriteCallback callback) {
      long now = System.nanoTime();
      for (int i = 0; i < frames.size(); i++) {
        String text = frames.get(i).text();
        int at = text.indexOf("\"m\":\"");
        if (at >= 0) {
          stamps.putIfAbsent(text.substring(at + 5, text.indexOf('"', at + 5)), now);
        }
      }
      callback.completed(null);
    }

    @Override
    public void disconnect(DisconnectReason reason) {}
  }
}
