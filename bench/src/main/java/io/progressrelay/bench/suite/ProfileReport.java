package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.Map;

/** The report's section on where the relay's CPU went in its profiled 1:1 step. */
final class ProfileReport {

  static void render(StringBuilder out, Results r) {
    ProfiledStep.Outcome outcome = r.relayProfile;
    if (outcome == null) {
      return;
    }
    Measurement step = outcome.step();
    out.append(f("### Where the relay's CPU goes at %,d events/s\n\n", step.rate()));
    if (outcome.profile() == null) {
      out.append("No profile: ").append(outcome.failure()).append(".\n\n");
      return;
    }
    CpuProfile profile = outcome.profile();
    out.append(
        f(
            "One more 1:1 step after the sweep, with async-profiler attached to the relay for"
                + " exactly its window (CPU samples every millisecond of CPU time, by thread; the"
                + " collapsed stacks are in `bench/target/logs/`). The step itself: p99 %.2f ms"
                + " (relay-side %s ms),"
                + " %.2f server cores, %.1f µs per event from /proc (%.1f of it kernel), machine"
                + " %.0f %% busy. Samples taken: %,d, %.0f %% of them in the kernel.\n\n",
            step.millis(99),
            Report.bound(step.relaySideP99Millis()),
            step.usage().serverCores(),
            step.serverMicrosPerEvent(),
            step.serverKernelMicrosPerEvent(),
            step.usage().busy() * 100,
            profile.totalSamples(),
            100.0 * profile.kernelSamples() / Math.max(1, profile.totalSamples())));
    out.append("| stage | share of samples | CPU µs per event |\n");
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
