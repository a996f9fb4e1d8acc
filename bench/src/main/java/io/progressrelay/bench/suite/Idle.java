package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;

/**
 * Scenario 4: many authenticated, subscribed, silent connections on a freshly started server,
 * opened in two equal halves. Memory per connection is read two ways: the growth of resident memory
 * over all of them, which includes one-time costs (JIT-compiled code, loaded classes, thread
 * stacks, the heap the first connects touch), and the growth over the second half alone, the
 * marginal cost of one more connection once the server is warm.
 */
final class Idle {
  private static final long SETTLE_MILLIS = 5_000;

  /** Resident memory before, between and after the halves, and the connections held. */
  record Outcome(
      String server,
      int connections,
      int secondHalf,
      long rssBeforeKib,
      long rssMiddleKib,
      long rssAfterKib) {
    double kibPerConnection() {
      return (double) (rssAfterKib - rssBeforeKib) / connections;
    }

    double marginalKibPerConnection() {
      return (double) (rssAfterKib - rssMiddleKib) / secondHalf;
    }
  }

  static Outcome run(Server server, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    int firstHalf = options.idleConnections() / 2;
    int secondHalf = options.idleConnections() - firstHalf;
    Drain.sleep(2_000);
    long before = server.rssKib();
    try (var first = OneToOne.open(server, options, tokens, tag + "a", firstHalf)) {
      Drain.sleep(SETTLE_MILLIS);
      long middle = server.rssKib();
      try (var second = OneToOne.open(server, options, tokens, tag + "b", secondHalf)) {
        Drain.sleep(SETTLE_MILLIS);
        long after = server.rssKib();
        var outcome =
            new Outcome(
                server.spec().name(),
                first.fleet.size() + second.fleet.size(),
                second.fleet.size(),
                before,
                middle,
                after);
        Progress.note(
            server.spec().name(),
            String.format(
                "idle: %,d connections, RSS %,d → %,d → %,d KiB, %.1f KiB per connection"
                    + " (%.1f KiB for the second half)",
                outcome.connections(),
                before,
                middle,
                after,
                outcome.kibPerConnection(),
                outcome.marginalKibPerConnection()));
        return outcome;
      }
    }
  }

  private Idle() {}
}
