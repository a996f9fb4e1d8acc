package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Tokens;
import io.progressrelay.bench.load.Usage;
import org.HdrHistogram.Histogram;

/**
 * The connect path alone: 500 connections a second open, authenticate and close while the 1:1
 * setting's sockets stay idle and nothing is published, after as long a warm-up as the suite's. The
 * server's CPU over the window, less what it spends idle over as long (read just before), divided
 * by the cycles completed, is its CPU per connect+auth+close; PostgreSQL's likewise.
 */
final class Connects {
  private static final double BASELINE_SECONDS = 2;

  /** The cycles and the CPU they cost. */
  record Outcome(
      String server,
      long attempted,
      long completed,
      long failed,
      Usage idle,
      Usage churning,
      Histogram connectMicros) {

    /** Server CPU per completed cycle beyond its idle CPU, in microseconds. */
    double serverMicrosPerConnect() {
      double idleNanos = idle.serverCpuNanos() / idle.seconds() * churning.seconds();
      return completed == 0
          ? Double.NaN
          : Math.max(0, churning.serverCpuNanos() - idleNanos) / 1000.0 / completed;
    }

    /** PostgreSQL's CPU per completed cycle beyond its idle CPU, in microseconds. */
    double postgresMicrosPerConnect() {
      double idleNanos = idle.postgresCpuNanos() / idle.seconds() * churning.seconds();
      return completed == 0
          ? Double.NaN
          : Math.max(0, churning.postgresCpuNanos() - idleNanos) / 1000.0 / completed;
    }
  }

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag) {
    String server = setting.server.spec().name();
    long pid = setting.server.pid();
    // Unmeasured first: the connect path's code is compiled before the window, as in production.
    var warmUp = Churner.start(setting.server, tokens, "k" + tag, Churn.PER_SECOND);
    Drain.sleep((long) (Math.max(1, options.warmUpSeconds()) * 1000));
    warmUp.close();
    Drain.sleep(1_000);
    var idleMeter = Usage.start(pid);
    Drain.sleep((long) (BASELINE_SECONDS * 1000));
    Usage idle = idleMeter.stop();
    var meter = Usage.start(pid);
    var churner = Churner.start(setting.server, tokens, "k" + tag, Churn.PER_SECOND);
    Drain.sleep((long) (options.seconds() * 1000));
    churner.close(); // waits for the cycles under way
    Drain.sleep(300); // the server's side of the last closes
    Usage churning = meter.stop();
    var outcome =
        new Outcome(
            server,
            churner.attempted(),
            churner.completed(),
            churner.failed(),
            idle,
            churning,
            churner.connectMicros());
    Progress.note(
        server,
        String.format(
            "connects: %d attempted, %d authenticated and closed, %d failed; connect+auth p50 %.1f"
                + " ms, p99 %.1f ms; %.1f µs server CPU and %.1f µs PostgreSQL CPU per cycle"
                + " (idle: %.3f cores)",
            outcome.attempted(),
            outcome.completed(),
            outcome.failed(),
            churner.connectMicros().getValueAtPercentile(50) / 1000.0,
            churner.connectMicros().getValueAtPercentile(99) / 1000.0,
            outcome.serverMicrosPerConnect(),
            outcome.postgresMicrosPerConnect(),
            idle.serverCores()));
    return outcome;
  }

  private Connects() {}
}
