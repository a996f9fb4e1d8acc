package io.progressrelay.metrics;

import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import java.util.List;

/**
 * The outbound queues of every live connection added up, and the deepest one.
 *
 * @param frames frames waiting on all connections
 * @param bytes their size
 * @param deepestFrames frames waiting on the connection with the most
 */
record QueueTotals(long frames, long bytes, int deepestFrames) {
  static QueueTotals of(List<ConnectionSnapshot> connections) {
    long frames = 0;
    long bytes = 0;
    int deepest = 0;
    for (ConnectionSnapshot connection : connections) {
      frames += connection.queuedFrames();
      bytes += connection.queuedBytes();
      deepest = Math.max(deepest, connection.queuedFrames());
    }
    return new QueueTotals(frames, bytes, deepest);
  }
}
