package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.LiveHeap;
import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;

/**
 * Scenario 4: many authenticated, subscribed, silent connections on a freshly started server,
 * opened in two equal halves. Memory per connection is read two ways: the growth of resident memory
 * over all of them, which includes one-time costs (JIT-compiled code, loaded classes, thread
 * stacks, the heap the first connects touch), and the growth over the second half alone, the
 * marginal cost of one more connection once the server is warm. For a Java server, the live heap
 * after a full collection is read at the same three moments (after resident memory), so the heap
 * its objects hold per connection shows apart from the heap the collector keeps.
 */
final class Idle {
  private static final long SETTLE_MILLIS = 5_000;

  /** Resident memory and live heap before, between and after the halves (heap -1: not read). */
  record Outcome(
      String server,
      int connections,
      int secondHalf,
      long rssBeforeKib,
      long rssMiddleKib,
      long rssAfterKib,
      long heapBeforeBytes,
      long heapMiddleBytes,
      long heapAfterBytes) {
    double kibPerConnection() {
      return (double) (rssAfterKib - rssBeforeKib) / connections;
    }

    double marginalKibPerConnection() {
      return (double) (rssAfterKib - rssMiddleKib) / secondHalf;
    }

    boolean heapRead() {
      return heapBeforeBytes >= 0 && heapMiddleBytes >= 0 && heapAfterBytes >= 0;
    }

    /** Live heap per connection over all of them, in KiB; NaN where it was not read. */
    double heapKibPerConnection() {
      return heapRead() ? (heapAfterBytes - heapBeforeBytes) / 1024.0 / connections : Double.NaN;
    }

    /** Live heap per connection of the second half, in KiB; NaN where it was not read. */
    double marginalHeapKibPerConnection() {
      return heapRead() ? (heapAfterBytes - heapMiddleBytes) / 1024.0 / secondHalf : Double.NaN;
    }
  }

  static Outcome run(Server server, SuiteOptions options, Tokens tokens, String tag)
      throws Exception {
    int firstHalf = options.idleConnections() / 2;
    int secondHalf = options.idleConnections() - firstHalf;
    Drain.sleep(2_000);
    long before = server.rssKib();
    long heapBefore = LiveHeap.bytes(server).orElse(-1);
    try (var first = OneToOne.open(server, options, tokens, tag + "a", firstHalf)) {
      Drain.sleep(SETTLE_MILLIS);
      long middle = server.rssKib();
      long heapMiddle = LiveHeap.bytes(server).orElse(-1);
      try (var second = OneToOne.open(server, options, tokens, tag + "b", secondHalf)) {
        Drain.sleep(SETTLE_MILLIS);
        long after = server.rssKib();
        long heapAfter = LiveHeap.bytes(server).orElse(-1);
        var outcome =
            new Outcome(
                server.spec().name(),
                first.fleet.size() + second.fleet.size(),
                second.fleet.size(),
                before,
                middle,
                after,
                heapBefore,
                heapMiddle,
                heapAfter);
        Progress.note(
            server.spec().name(),
            String.format(
                "idle: %,d connections, RSS %,d → %,d → %,d KiB, %.1f KiB per connection"
                    + " (%.1f KiB for the second half); live heap %.1f KiB per connection (%.1f)",
                outcome.connections(),
                before,
                middle,
                after,
                outcome.kibPerConnection(),
                outcome.marginalKibPerConnection(),
                outcome.heapKibPerConnection(),
                outcome.marginalHeapKibPerConnection()));
        return outcome;
      }
    }
  }

  private Idle() {}
}
