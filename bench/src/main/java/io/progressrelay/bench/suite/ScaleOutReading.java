package io.progressrelay.bench.suite;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One measured window of the {@code scale-out} scenario: {@code instances} servers side by side
 * under a load that grew with them, read per instance and for the machine.
 */
record ScaleOutReading(
    String mode,
    int instances,
    int askedRate,
    long published,
    double publishSeconds,
    List<Instance> perInstance,
    double generatorCores,
    double redisCores,
    double postgresCores,
    double machineBusy,
    double loadAverage) {

  /**
   * One instance over the window: events its users should have and did receive, the Redis messages
   * its listener received ({@code relay_redis_messages_total}; NaN for a peer, which has no
   * metrics), the progress frames it coalesced (a newer one replaced one still queued: not lost, by
   * the relay's policy), the event channels it had subscribed at the end (interest and cluster
   * modes), its CPU over the window and with nothing published just before it, and its users'
   * end-to-end latencies.
   */
  record Instance(
      String server,
      int users,
      long expected,
      long delivered,
      long reordered,
      double received,
      double coalesced,
      double subscribedChannels,
      long cpuNanos,
      double idleCores,
      double seconds,
      Histogram latencyMicros) {

    double deliveredPerSecond() {
      return delivered / seconds;
    }

    double receivedPerSecond() {
      return received / seconds;
    }

    long lost() {
      return Math.max(0, expected - delivered);
    }

    /** Server CPU per delivered event, in microseconds. */
    double cpuMicrosPerDelivery() {
      return delivered == 0 ? Double.NaN : cpuNanos / 1000.0 / delivered;
    }

    /** As above, less what the instance burned idle over as long: what the events cost. */
    double netCpuMicrosPerDelivery() {
      return delivered == 0
          ? Double.NaN
          : (cpuNanos - idleCores * seconds * 1e9) / 1000.0 / delivered;
    }

    double cores() {
      return cpuNanos / 1e9 / seconds;
    }

    double p99Millis() {
      return latencyMicros.getTotalCount() == 0
          ? Double.NaN
          : latencyMicros.getValueAtPercentile(99) / 1000.0;
    }
  }

  double publishedPerSecond() {
    return published / publishSeconds;
  }
}
