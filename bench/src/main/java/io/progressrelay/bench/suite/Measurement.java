package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.RelayFrames;
import io.progressrelay.bench.load.Usage;
import org.HdrHistogram.Histogram;

/**
 * One measured window of one scenario against one server. {@code relaySideP99Millis} is the relay's
 * own p99 (Redis receipt to socket write completed) as the upper bound of its histogram bucket, NaN
 * for servers without that histogram. {@code relayFrames} is what the relay's own frame counters
 * moved by over the window, null for servers without them.
 */
record Measurement(
    String server,
    String scenario,
    String label,
    int rate,
    long published,
    long expected,
    long delivered,
    long reordered,
    double publishSeconds,
    Histogram latencyMicros,
    Usage usage,
    double relaySideP99Millis,
    RelayFrames relayFrames) {

  long lost() {
    return Math.max(0, expected - delivered);
  }

  double deliveredPerSecond() {
    return delivered / publishSeconds;
  }

  double publishedPerSecond() {
    return published / publishSeconds;
  }

  double millis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMillis() {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
  }

  /** Server CPU per delivered event, in microseconds. */
  double serverMicrosPerEvent() {
    return delivered == 0 ? Double.NaN : usage.serverCpuNanos() / 1000.0 / delivered;
  }

  /**
   * PostgreSQL's CPU (every postgres process, server and backends) per delivered event, in
   * microseconds: what the relay's history and latest-state writes cost the database.
   */
  double postgresMicrosPerEvent() {
    return delivered == 0 ? Double.NaN : usage.postgresCpuNanos() / 1000.0 / delivered;
  }

  /** Of which spent in the kernel (system calls, the loopback TCP stack), in microseconds. */
  double serverKernelMicrosPerEvent() {
    return delivered == 0 ? Double.NaN : usage.serverKernelNanos() / 1000.0 / delivered;
  }

  /**
   * Whether this window meets the sustained-rate bar: p99 under 50 ms, nothing lost or reordered.
   */
  boolean sustained() {
    return delivered > 0 && lost() == 0 && reordered == 0 && millis(99) < 50;
  }

  /**
   * Whether the generator failed to publish at the asked rate (so the server was not the limit).
   */
  boolean generatorBehind() {
    return publishedPerSecond() < rate * 0.95;
  }
}
