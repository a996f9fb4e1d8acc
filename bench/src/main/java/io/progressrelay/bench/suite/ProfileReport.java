package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.Map;

/** The report's sections on where the relay's CPU went in its profiled windows. */
final class ProfileReport {

  /** The profiled 1:1 step after the sweep, of each relay. */
  static void render(StringBuilder out, Results r) {
    r.profiles.forEach((server, outcome) -> render(out, server, outcome));
  }

  private static void render(StringBuilder out, String server, ProfiledStep.Outcome outcome) {
    out.append(f("### Where %s's CPU goes at %,d events/s\n\n", server, Suite.PROFILED_RATE));
    section(
        out,
        outcome,
        "One more 1:1 step after the sweep, with async-profiler attached to the relay for"
            + " exactly its window",
        "event");
  }

  /** The profiled broadcast window after the measured one, of each relay. */
  static void renderBroadcast(StringBuilder out, Results r) {
    r.broadcastProfiles.forEach((server, outcome) -> renderBroadcast(out, server, outcome));
  }

  private static void renderBroadcast(
      StringBuilder out, String server, ProfiledStep.Outcome outcome) {
    out.append(f("### Where %s's CPU goes in the broadcast\n\n", server));
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
                + " %.2f server cores, %.1f µs per %s from /proc (%.1f of it kernel), PostgreSQL"
                + " %.1f µs per %s, machine %.0f %% busy. Samples taken: %,d, %.0f %% of them in"
                + " the kernel.\n\n",
            what,
            step.millis(99),
            Report.bound(step.relaySideP99Millis()),
            step.usage().serverCores(),
            step.serverMicrosPerEvent(),
            unit,
            step.serverKernelMicrosPerEvent(),
            step.postgresMicrosPerEvent(),
            unit,
            step.usage().busy() * 100,
            profile.totalSamples(),
            100.0 * profile.kernelSamples() / Math.max(1, profile.totalSamples())));
    out.append(f("| stage | share of samples | CPU µs per %s |\n", unit));
    out.append("| --- | --- | --- |\n");
    for (Map.Entry<String, Long> stage : profile.samplesByStage().entrySet()) {
      if (stage.getValue() == 0) {
        continue;
      }
      out.append(
          f(
              "| %s | %.1f %% | %.1f |\n",
              stage.getKey(),
              100 * profile.share(stage.getKey()),
              profile.microsPerEvent(stage.getKey(), step.delivered())));
    }
    out.append(
        "\nThe listener thread reads Redis, parses each event once and routes it; the delivery"
            + " threads write the sockets; a write that could not finish at once completes on a"
            + " Jetty selector thread when the socket drains. \"socket writes\" is the `writev`"
            + " system call with the kernel's loopback TCP work beneath it, which on this machine"
            + " also runs the receiving side's TCP processing and wakes the client. Stages with no"
            + " sample are left out.\n\n");
  }

  private ProfileReport() {}
}
