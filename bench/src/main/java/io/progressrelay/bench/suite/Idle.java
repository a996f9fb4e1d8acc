package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;

/**
 * Scenario 4: many authenticated, subscribed, silent connections on a freshly started server;
 * memory per connection is the growth of its resident memory divided by their number.
 */
final class Idle {

  /** Resident memory before and after, and the connections held. */
  record Outcome(String server, int connections, long rssBeforeKib, long rssAfterKib) {
    double kibPerConnection() {
      return (double) (rssAfterKib - rssBeforeKib) / connections;
    }
  }

  static Outcome run(Server server, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    Drain.sleep(2_000);
    long before = server.rssKib();
    try (var setting = OneToOne.open(server, options, tokens, tag, options.idleConnections())) {
      Drain.sleep(5_000);
      long after = server.rssKib();
      var outcome = new Outcome(server.spec().name(), setting.fleet.size(), before, after);
      Progress.note(
          server.spec().name(),
          String.format(
              "idle: %,d connections, RSS %,d → %,d KiB, %.1f KiB per connection",
              outcome.connections(), before, after, outcome.kibPerConnection()));
      return outcome;
    }
  }

  private Idle() {}
}
