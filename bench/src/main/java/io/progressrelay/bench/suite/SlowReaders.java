package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.ProcStats;
import io.progressrelay.bench.load.Publisher;
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

/**
 * Scenario 3: the 1:1 setting at 2,000 events/s while one client in twenty also follows a busy
 * upload (500 events/s of 4 KB) and stops reading. Measures the healthy clients and the server's
 * memory, against the same run without stalled clients.
 */
final class SlowReaders {
  static final int RATE = 2_000;
  static final int BUSY_RATE = 500;
  static final int BUSY_BYTES = 4_096;

  /** The two runs and the server's memory during the stalled one. */
  record Outcome(
      Measurement unstalled,
      Measurement stalled,
      int stalledClients,
      long closedByServer,
      long rssBeforeKib,
      long rssPeakKib,
      long rssAfterKib,
      long busyPublished) {}

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    String server = setting.server.spec().name();
    Measurement unstalled =
        setting.measure("slow-readers", "none stalled", RATE, options.seconds());
    Progress.print(unstalled);

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
            options.redisHost(), options.redisPort(), new String[] {busy}, 2_000_000, BUSY_BYTES);
    // Every stalled client must follow the busy upload before it stops reading.
    for (int attempt = 0; attempt < 10 && stalledTally.delivered() < stalled.size(); attempt++) {
      stalledTally.reset();
      busyPublisher.publish(1_000, 0.001);
      Drain.await(stalledTally::delivered, stalled.size(), 1_000, 5_000);
    }
    stalled.forEach(i -> setting.fleet.get(i).stall());

    long[] before = new long[setting.uploads.length];
    for (int i = 0; i < before.length; i++) {
      before[i] = setting.publisher.publishedTo(i);
    }
    long rssBefore = setting.server.rssKib();
    var peak = new AtomicLong(rssBefore);
    var sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(ProcStats.rssKib(setting.server.pid()), Math::max),
        0,
        250,
        TimeUnit.MILLISECONDS);
    healthy.reset(); // the window starts here: frames of earlier windows are not counted
    var meter = Usage.start(setting.server.pid());
    long started = System.nanoTime();
    var busyRun =
        CompletableFuture.supplyAsync(() -> busyPublisher.publish(BUSY_RATE, options.seconds()));
    long published = setting.publisher.publish(RATE, options.seconds());
    long busyPublished = busyRun.join();
    double elapsed = (System.nanoTime() - started) / 1e9;
    long expected = 0;
    for (int i = 0; i < before.length; i++) {
      if (!stalled.contains(i)) {
        expected += setting.publisher.publishedTo(i) - before[i];
      }
    }
    Drain.await(healthy::delivered, expected, 1_000, Drain.WINDOW_LIMIT_MILLIS);
    Usage usage = meter.stop();
    sampler.shutdownNow();
    long rssAfter = setting.server.rssKib();
    busyPublisher.close();
    long closed = stalled.stream().filter(i -> setting.fleet.get(i).closedByServer()).count();
    var m =
        new Measurement(
            server,
            "slow-readers",
            stalled.size() + " stalled",
            RATE,
            published,
            expected,
            healthy.delivered(),
            healthy.reordered(),
            elapsed,
            healthy.latencies(),
            usage,
            Double.NaN); // the relay's histogram mixes in the stalled sockets' frames
    Progress.print(m);
    Progress.note(
        server,
        String.format(
            "slow readers: %d of %d stalled ones closed by the server; RSS %,d → peak %,d → %,d KiB",
            closed, stalled.size(), rssBefore, peak.get(), rssAfter));
    return new Outcome(
        unstalled, m, stalled.size(), closed, rssBefore, peak.get(), rssAfter, busyPublished);
  }

  private SlowReaders() {}
}
