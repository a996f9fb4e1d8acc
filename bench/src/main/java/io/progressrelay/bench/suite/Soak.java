package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.LoadClient;
import io.progressrelay.bench.load.RelayFrames;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import io.progressrelay.bench.load.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak: the 1:1 setting at one rate for many minutes (30 by default) while 500 connections a
 * second come and go ({@link Churner}) and one user in a hundred stays stalled ({@link
 * StalledReaders}); the server's memory, descriptors and threads are read every 10 s ({@link
 * SoakSamples}) and the healthy users' deliveries are counted for loss, order and latency per
 * 5-minute window.
 */
final class Soak {
  static final double WINDOW_SECONDS = 300;
  static final double WARM_UP_SHARE = 0.2;

  /** What one soak measured. */
  record Outcome(
      String server,
      int rate,
      double seconds,
      long published,
      long expected,
      long delivered,
      long reordered,
      Map<Integer, Long> healthyClosedByCode,
      int stalledUsers,
      Map<Integer, Long> stalledClosesByCode,
      long stalledReconnected,
      long busyPublished,
      long churnCompleted,
      long churnFailed,
      List<Double> windowP99Millis,
      Usage usage,
      RelayFrames relayFrames,
      List<SoakSamples.Sample> samples) {

    long lost() {
      return Math.max(0, expected - delivered);
    }

    long stalledCloses() {
      return stalledClosesByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Readings before this are the warm-up, left out of the trends. */
    double warmUpSeconds() {
      return seconds * WARM_UP_SHARE;
    }

    Trend rssMib() {
      return SoakSamples.trend(samples, warmUpSeconds(), s -> s.rssKib()).scaled(1 / 1024.0);
    }

    Trend liveHeapMib() {
      return SoakSamples.trend(samples, warmUpSeconds(), s -> s.liveHeapBytes())
          .scaled(1 / 1024.0 / 1024.0);
    }

    Trend fds() {
      return SoakSamples.trend(samples, warmUpSeconds(), SoakSamples.Sample::fds);
    }

    Trend threads() {
      return SoakSamples.trend(samples, warmUpSeconds(), SoakSamples.Sample::threads);
    }
  }

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag, int rate)
      throws Exception {
    String server = setting.server.spec().name();
    double seconds = options.soakMinutes() * 60;
    var healthy = new Tally();
    var stalledTally = new Tally();
    List<Integer> stalledIndexes = StalledReaders.indexes(setting.fleet.size());
    for (int i = 0; i < setting.fleet.size(); i++) {
      setting.fleet.get(i).countInto(stalledIndexes.contains(i) ? stalledTally : healthy);
    }
    Progress.note(
        server,
        Report.f(
            "soak: %.0f min at %,d events/s, %d stalled users, %d connects a second",
            options.soakMinutes(), rate, stalledIndexes.size(), Churn.PER_SECOND));
    long[] before = setting.publishedSoFar();
    var stalled =
        StalledReaders.start(setting, options, tokens, "soak" + tag, stalledTally, seconds);
    var churner = Churner.start(setting.server, tokens, "k" + tag, Churn.PER_SECOND);
    healthy.reset(); // only this soak's frames count
    long started = System.nanoTime();
    List<Tally.Phase> windows = new ArrayList<>();
    for (double from = 0; from < seconds; from += WINDOW_SECONDS) {
      long end = started + (long) (Math.min(seconds, from + WINDOW_SECONDS) * 1e9);
      windows.add(healthy.phase(started + (long) (from * 1e9), end));
    }
    var meter = Usage.start(setting.server.pid());
    RelayFrames framesBefore = setting.relayFrames();
    var samples =
        SoakSamples.start(setting.server, healthy::delivered, stalled::closes, churner::completed);
    long published;
    List<SoakSamples.Sample> readings;
    try {
      published = setting.publisher.publish(rate, seconds);
    } finally {
      readings = samples.stop();
      churner.close();
      stalled.close();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long expected = setting.publishedSince(before, stalledIndexes);
    Drain.await(healthy::delivered, expected, 1_000, Drain.WINDOW_LIMIT_MILLIS);
    Usage usage = meter.stop();
    RelayFrames frames = RelayFrames.between(framesBefore, setting.relayFrames());
    Map<Integer, Long> healthyClosed = new TreeMap<>();
    for (int i = 0; i < setting.fleet.size(); i++) {
      LoadClient client = setting.fleet.get(i);
      if (!stalledIndexes.contains(i) && client.closedByServer()) {
        healthyClosed.merge(client.closeCode(), 1L, Long::sum);
      }
    }
    for (int i = 0; i < setting.fleet.size(); i++) {
      setting.fleet.get(i).countInto(setting.tally); // as the other scenarios expect
    }
    var outcome =
        new Outcome(
            server,
            rate,
            elapsed,
            published,
            expected,
            healthy.delivered(),
            healthy.reordered(),
            healthyClosed,
            stalledIndexes.size(),
            stalled.closesByCode(),
            stalled.reconnected(),
            stalled.busyPublished(),
            churner.completed(),
            churner.failed(),
            windows.stream().map(w -> SlowReaders.Outcome.p99(w.latencies())).toList(),
            usage,
            frames,
            readings);
    Progress.note(server, summary(outcome));
    return outcome;
  }

  private static String summary(Outcome o) {
    return Report.f(
        "soak: %,d of %,d healthy deliveries, %,d lost, %,d reordered, healthy readers closed %s;"
            + " relay coalesced / rate-limited / dropped %s; p99 per window %s ms;"
            + " stalled closed %s, reconnected %,d; churn %,d done / %,d failed; RSS %s MiB/h,"
            + " live heap %s MiB/h, fds %s /h, threads %s /h",
        o.delivered(),
        o.expected(),
        o.lost(),
        o.reordered(),
        o.healthyClosedByCode(),
        Report.notSent(o.relayFrames()),
        o.windowP99Millis().stream().map(p -> Report.f("%.2f", p)).toList(),
        o.stalledClosesByCode(),
        o.stalledReconnected(),
        o.churnCompleted(),
        o.churnFailed(),
        Report.f("%+.1f", o.rssMib().perHour()),
        Report.f("%+.1f", o.liveHeapMib().perHour()),
        Report.f("%+.1f", o.fds().perHour()),
        Report.f("%+.1f", o.threads().perHour()));
  }

  private Soak() {}
}
