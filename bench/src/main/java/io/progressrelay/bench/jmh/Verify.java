package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutStats;
import io.progressrelay.application.service.history.HistoryStats;

/**
 * Checks run between iterations that the benchmark measured what it claims: no connection closed as
 * a slow consumer (4008), every event routed (none waiting for a route) and written or coalesced. A
 * failed check fails the benchmark.
 */
final class Verify {
  private Verify() {}

  static void open(Integer closeCode, FanOutStats stats) {
    if (closeCode != null || stats.slowConsumersClosed() != 0) {
      throw new IllegalStateException(
          "a connection was closed (code " + closeCode + "), stats " + stats);
    }
    if (stats.pendingDropped() != 0 || stats.eventsWithoutAudience() != 0) {
      throw new IllegalStateException("events were not routed to the subscriber: " + stats);
    }
  }

  static void equal(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": expected " + expected + " but was " + actual);
    }
  }

  /** Every connection of the engine is idle with an empty queue. */
  static void drained(FanOutEngine engine) {
    for (ConnectionSnapshot connection : engine.connections()) {
      if (connection.queuedFrames() != 0) {
        throw new IllegalStateException("frames left queued: " + connection);
      }
    }
  }

  /** Says whether the history recorder kept up; outcomes it dropped make the figure optimistic. */
  static void historyKeptUp(HistoryStats stats) {
    if (stats != null) {
      System.out.println();
      System.out.println(
          "history: recorded "
              + stats.recorded()
              + ", lost to a full buffer "
              + stats.lost()
              + ", written "
              + stats.written());
    }
  }
}
