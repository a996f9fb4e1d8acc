package io.progressrelay.bench.jmh;

import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.out.DisconnectReason;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutStats;
import io.progressrelay.application.service.history.HistoryStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks run between iterations that the benchmark measured what it claims: no connection closed as
 * a slow consumer (4008), every event routed (none waiting for a route) and, once the delivery
 * threads have caught up, written or coalesced. A failed check fails the benchmark.
 */
final class Verify {
  private Verify() {}

  static void open(DisconnectReason disconnected, FanOutStats stats) {
    if (disconnected != null || stats.slowConsumersClosed() != 0) {
      throw new IllegalStateException(
          "a connection was disconnected (" + disconnected + "), stats " + stats);
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

  /**
   * Frames the connection of each client has settled so far: written to its socket, or replaced in
   * its queue by a newer progress frame of the same upload while waiting for its delivery thread's
   * turn.
   */
  static long[] settled(FanOutEngine engine, List<InlineSocket> clients) {
    Map<String, ConnectionSnapshot> connections = new HashMap<>();
    engine.connections().forEach(c -> connections.put(c.connectionId(), c));
    long[] settled = new long[clients.size()];
    for (int i = 0; i < settled.length; i++) {
      InlineSocket client = clients.get(i);
      ConnectionSnapshot connection = connections.get(client.connectionId());
      if (connection == null) {
        throw new IllegalStateException("no connection " + client.connectionId());
      }
      settled[i] = client.written() + connection.framesCoalesced();
    }
    return settled;
  }

  /**
   * Waits until the delivery threads settled, on every client, each event relayed since the
   * iteration began, leaving the queues empty; fails if they do not within 30 s.
   */
  static void settledAll(
      FanOutEngine engine, List<InlineSocket> clients, long[] settledBefore, long events) {
    RelayFixture.await(
        () -> {
          long[] now = settled(engine, clients);
          for (int i = 0; i < now.length; i++) {
            if (now[i] - settledBefore[i] != events) {
              return false;
            }
          }
          return true;
        },
        events + " frames settled on each of " + clients.size() + " connections");
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
