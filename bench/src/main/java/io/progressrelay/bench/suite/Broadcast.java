package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RelayFrames;
import io.progressrelay.bench.load.RelayLatencyMetrics;
import io.progressrelay.bench.load.RelaySetup;
import io.progressrelay.bench.load.Tally;
import io.progressrelay.bench.load.Tokens;
import io.progressrelay.bench.load.Usage;
import java.util.Arrays;

/** Scenario 2: one upload followed by every connected user, 20 events per second. */
final class Broadcast {

  static Measurement run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    return run(setting, options, tokens, tag, "broadcast", 1_000_000, OneToOne.Window.NONE);
  }

  /**
   * As above, named {@code scenario}, stamping its events as upload {@code uploadIndex} (each
   * broadcast of a run needs its own), and telling {@code window} when the measured window opens
   * and closes.
   */
  static Measurement run(
      OneToOne setting,
      SuiteOptions options,
      Tokens tokens,
      String tag,
      String scenario,
      int uploadIndex,
      OneToOne.Window window)
      throws Exception {
    String upload = "bc" + tag;
    int n = setting.fleet.size();
    if (setting.server.spec().checksOwnership()) {
      var relay = new RelaySetup(setting.server.spec().port(), tokens);
      relay.register(new String[] {upload}, new String[] {setting.users[0]});
      relay.grant(upload, setting.users[0], Arrays.copyOfRange(setting.users, 1, n));
    }
    var tally = new Tally();
    for (int i = 0; i < n; i++) {
      setting.fleet.get(i).countInto(tally);
      setting.fleet.get(i).subscribe(upload);
    }
    try (var publisher =
        new Publisher(
                options.redisHost(), options.redisPort(), new String[] {upload}, uploadIndex, 330)
            .forServer(setting.server.spec())) {
      for (int attempt = 0; attempt < 10 && tally.delivered() < n; attempt++) {
        tally.reset();
        publisher.publish(1_000, 0.001);
        Drain.await(tally::delivered, n, 1_000, 5_000);
      }
      publisher.publish(20, 1); // warm-up
      Drain.await(tally::delivered, n * 21L, 1_000, 5_000);
      Drain.sleep(300);
      tally.reset();
      tally.latencies();
      RelayLatencyMetrics relayBefore = setting.relayLatency();
      RelayFrames framesBefore = setting.relayFrames();
      window.opened(setting.server.pid());
      var meter = Usage.start(setting.server.pid());
      long started = System.nanoTime();
      long published = publisher.publish(20, options.seconds());
      double elapsed = (System.nanoTime() - started) / 1e9;
      Drain.await(tally::delivered, published * n, 1_000, Drain.WINDOW_LIMIT_MILLIS);
      Usage usage = meter.stop();
      window.closed();
      double relaySide =
          RelayLatencyMetrics.percentileBoundMillis(relayBefore, setting.relayLatency(), 99);
      RelayFrames frames = RelayFrames.between(framesBefore, setting.relayFrames());
      var m =
          new Measurement(
              setting.server.spec().name(),
              scenario,
              "1×" + n,
              20,
              published,
              published * n,
              tally.delivered(),
              tally.reordered(),
              elapsed,
              tally.latencies(),
              usage,
              relaySide,
              frames);
      Progress.print(m);
      return m;
    } finally {
      for (int i = 0; i < n; i++) {
        setting.fleet.get(i).countInto(setting.tally);
      }
    }
  }

  private Broadcast() {}
}
