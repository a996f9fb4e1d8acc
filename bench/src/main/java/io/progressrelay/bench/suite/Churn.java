package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Tokens;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6: 500 connections a second open, authenticate and close while the 1:1 setting runs at
 * half node_ws's sustained rate (the server's own where node_ws did not run first), the same for
 * every server; compared with the same rate without churn.
 */
final class Churn {
  static final int PER_SECOND = 500;

  /** What the churning clients saw. */
  record Outcome(
      Measurement quiet,
      Measurement churning,
      long attempted,
      long completed,
      long failed,
      Histogram connectMicros) {}

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag, int rate) {
    Measurement quiet = setting.measure("churn", "without", rate, options.seconds());
    Progress.print(quiet);
    Measurement churning;
    var churner = Churner.start(setting.server, tokens, "c" + tag, PER_SECOND);
    try {
      Drain.sleep(500);
      churning = setting.measure("churn", "500 conn/s", rate, options.seconds());
    } finally {
      churner.close();
    }
    Drain.sleep(1_000);
    Progress.print(churning);
    Progress.note(
        setting.server.spec().name(),
        String.format(
            "churn: %d attempted, %d authenticated and closed, %d failed; connect+auth p99 %.1f ms",
            churner.attempted(),
            churner.completed(),
            churner.failed(),
            churner.connectMicros().getValueAtPercentile(99) / 1000.0));
    return new Outcome(
        quiet,
        churning,
        churner.attempted(),
        churner.completed(),
        churner.failed(),
        churner.connectMicros());
  }

  private Churn() {}
}
