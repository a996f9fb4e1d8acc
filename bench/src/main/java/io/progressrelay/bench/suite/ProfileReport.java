package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.Map;

/** The report's sections on where the relay's CPU went in its profiled windows. */
final class ProfileReport {

  /** The profiled 1:1 step after the sweep. */
  static void render(StringBuilder out, Results r) {
    ProfiledStep.Outcome outcome = r.relayProfile;
    if (outcome == null) {
      return;
    }
    out.append(f("### Where the relay's CPU goes at %,d events/s\n\n", outcome.step().rate()));
    section(
        out,
        outcome,
        "One more 1:1 step after the sweep, with async-profiler attached to the relay for"
            + " exactly its window",
        "event");
  }

  /** The profiled broadcast window after the measured one. */
  static void renderBroadcast(StringBuilder out, Results r) {
    ProfiledStep.Outcome outcome = r.relayBroadcastProfile;
    if (outcome == null) {
      return;
    }
    out.append("### Where the relay's CPU goes in the broadcast\n\n");
    section(
        out,
        outcome,
        "One more broadcast window (another upload, the same 1,000 subscribers) with"
            + " async-profiler attached to the relay for exactly its window",
        "delivery");
  }

  private static void section(
      StringBuilder out, ProfiledStep.Outcome outcome, String what, String unit) {
    if (outcome.profile() == null) {
      out.append("No profile: ").append(outcome.failure()).append(".\n\n");
      return;
    }
    Measurement step = outcome.step();
    CpuProfile profile = outcome.profile();
    out.append(
        f(
            "%s (CPU samples every millisecond of CPU time, by thread; the collapsed stacks are in"
                + " `bench/target/logs/`). The window itself: p99 %.2f ms (relay-side %s ms),"
                + " %.2f server cores, %.1f µs per %s from /proc (%.1f of it kernel), machine"
                + " %.0f %% busy. Samples taken: %,d, %.0f %% of them in the kernel.\n\n",
            what,
            step.millis(99),
            Report.bound(step.relaySideP99Millis()),
            step.usage().serverCores(),
            step.serverMicrosPerEvent(),
            unit,
            step.serverKernelMicrosPerEvent(),
            step.usage().busy() * 100,
            profile.totalSamples(),
            100.0 * profile.kernelSamples() / Math.max(1, profile.totalSamples())));
    out.append(f("| stage | share of samples | CPU µs per %s |\n", unit));
    out.append("| --- | --- | --- |\n");
    for (Map.Entry<String, Long> stage : profile.samplesByStage().entrySet()) {
      out.append(
          f(
              "| %s | %.1f %% | %.1f |\n",
              stage.getKey(),
              100 * profile.share(stage.getKey()),
              profile.microsPerEvent(stage.getKey(), step.delivered())));
    }
    out.append(
        "\nThe listener thread reads Redis, parses each event once, routes it and starts each"
            + " socket write itself; \"socket writes\" is the `writev` system call with the kernel's"
            + " loopback TCP work beneath it, which on this machine also runs the receiving side's"
            + " TCP processing and wakes the client.\n\n");
  }

  private ProfileReport() {}
}
