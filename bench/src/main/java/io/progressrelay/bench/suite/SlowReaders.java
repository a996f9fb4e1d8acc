package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.ProcStats;
import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RelayFrames;
import io.progressrelay.bench.load.RelaySetup;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import io.progressrelay.bench.load.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3: the 1:1 setting at 2,000 events/s while one client in twenty also follows a busy
 * upload (500 events/s of 4 KB). After a warm-up of exactly that load, one window: every client
 * reads for its first part, then the one in twenty stop reading, and the window goes on as long
 * again. The healthy clients' latencies are kept apart by when their frames were published: before
 * the stall, after it, and in its first seconds, where the transient is; with the server's CPU,
 * PostgreSQL's and the server's memory.
 */
final class SlowReaders {
  static final int RATE = 2_000;
  static final int BUSY_RATE = 500;
  static final int BUSY_BYTES = 4_096;
  static final double FIRST_SECONDS = 3;

  /** The window, its parts and the server's memory. */
  record Outcome(
      Measurement window,
      Histogram beforeStall,
      Histogram afterStall,
      Histogram firstSeconds,
      double firstSecondsLength,
      Usage beforeUsage,
      Usage afterUsage,
      int stalledClients,
      long closedByServer,
      long rssBeforeKib,
      long rssAtStallKib,
      long rssPeakKib,
      long rssAfterKib,
      long busyPublished) {

    static double p99(Histogram latencies) {
      return latencies.getTotalCount() == 0
          ? Double.NaN
          : latencies.getValueAtPercentile(99) / 1000.0;
    }
  }

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    String server = setting.server.spec().name();
    String busy = "busy" + tag;
    List<Integer> stalled = new ArrayList<>();
    for (int i = 0; i < setting.fleet.size(); i += 20) {
      stalled.add(i);
    }
    if (setting.server.spec().checksOwnership()) {
      var relay = new RelaySetup(setting.server.spec().port(), tokens);
      relay.register(new String[] {busy}, new String[] {setting.users[0]});
      relay.grant(
          busy,
          setting.users[0],
          stalled.stream().skip(1).map(i -> setting.users[i]).toArray(String[]::new));
    }
    var stalledTally = new Tally();
    var healthy = new Tally();
    for (int i = 0; i < setting.fleet.size(); i++) {
      setting.fleet.get(i).countInto(stalled.contains(i) ? stalledTally : healthy);
    }
    for (int i : stalled) {
      setting.fleet.get(i).subscribe(busy);
    }
    var busyPublisher =
        new Publisher(
                options.redisHost(),
                options.redisPort(),
                new String[] {busy},
                2_000_000,
                BUSY_BYTES)
            .forServer(setting.server.spec());
    // Every client that will stall must follow the busy upload before the warm-up.
    for (int attempt = 0; attempt < 10 && stalledTally.delivered() < stalled.size(); attempt++) {
      stalledTally.reset();
      busyPublisher.publish(1_000, 0.001);
      Drain.await(stalledTally::delivered, stalled.size(), 1_000, 5_000);
    }
    // Warm-up: the window's load with every client reading, so that its first part is steady.
    var busyWarmUp =
        CompletableFuture.supplyAsync(
            () -> busyPublisher.publish(BUSY_RATE, options.warmUpSeconds()));
    setting.publisher.publish(RATE, options.warmUpSeconds());
    busyWarmUp.join();
    Drain.sleep(1_000);

    long[] before = setting.publishedSoFar();
    long rssBefore = setting.server.rssKib();
    var peak = new AtomicLong(rssBefore);
    var sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(ProcStats.rssKib(setting.server.pid()), Math::max),
        0,
        250,
        TimeUnit.MILLISECONDS);
    RelayFrames framesBefore = setting.relayFrames();
    healthy.reset(); // the window starts here: frames of earlier windows are not counted
    long pid = setting.server.pid();
    var windowMeter = Usage.start(pid);
    var beforeMeter = Usage.start(pid);
    long started = System.nanoTime();
    Tally.Phase beforeStall = healthy.phase(started, null);
    double part = options.seconds();
    var busyRun = CompletableFuture.supplyAsync(() -> busyPublisher.publish(BUSY_RATE, 2 * part));
    long published = setting.publisher.publish(RATE, part);

    long stallAt = System.nanoTime();
    stalled.forEach(i -> setting.fleet.get(i).stall());
    beforeStall.end(stallAt);
    Tally.Phase afterStall = healthy.phase(stallAt, null);
    double firstLength = Math.min(FIRST_SECONDS, part);
    Tally.Phase first = healthy.phase(stallAt, stallAt + (long) (firstLength * 1e9));
    Usage beforeUsage = beforeMeter.stop();
    var afterMeter = Usage.start(pid);
    long rssAtStall = setting.server.rssKib();

    published += setting.publisher.publish(RATE, part);
    long busyPublished = busyRun.join();
    double elapsed = (System.nanoTime() - started) / 1e9;
    long expected = setting.publishedSince(before, stalled);
    Drain.await(healthy::delivered, expected, 1_000, Drain.WINDOW_LIMIT_MILLIS);
    Usage afterUsage = afterMeter.stop();
    Usage usage = windowMeter.stop();
    RelayFrames frames = RelayFrames.between(framesBefore, setting.relayFrames());
    sampler.shutdownNow();
    long rssAfter = setting.server.rssKib();
    busyPublisher.close();
    long closed = stalled.stream().filter(i -> setting.fleet.get(i).closedByServer()).count();
    var window =
        new Measurement(
            server,
            "slow-readers",
            stalled.size() + " stall",
            RATE,
            published,
            expected,
            healthy.delivered(),
            healthy.reordered(),
            elapsed,
            healthy.latencies(),
            usage,
            Double.NaN, // the relay's histogram mixes in the stalled sockets' frames
            frames); // likewise: the stalled sockets' coalesced frames are most of what it counts
    var outcome =
        new Outcome(
            window,
            beforeStall.latencies(),
            afterStall.latencies(),
            first.latencies(),
            firstLength,
            beforeUsage,
            afterUsage,
            stalled.size(),
            closed,
            rssBefore,
            rssAtStall,
            peak.get(),
            rssAfter,
            busyPublished);
    Progress.print(window);
    Progress.note(
        server,
        String.format(
            "slow readers: healthy p99 %.2f ms before the stall, %.2f ms after it, %.2f ms in its"
                + " first %.0f s; %d of %d stalled ones closed by the server; RSS %,d → %,d at the"
                + " stall → peak %,d → %,d KiB; PostgreSQL %.2f cores before, %.2f after",
            Outcome.p99(outcome.beforeStall()),
            Outcome.p99(outcome.afterStall()),
            Outcome.p99(outcome.firstSeconds()),
            firstLength,
            closed,
            stalled.size(),
            rssBefore,
            rssAtStall,
            peak.get(),
            rssAfter,
            beforeUsage.postgresCores(),
            afterUsage.postgresCores()));
    return outcome;
  }

  private SlowReaders() {}
}
