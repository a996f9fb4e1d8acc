package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Profiler;
import java.nio.file.Path;

/**
 * One extra window (a 1:1 step, or a broadcast) with async-profiler attached to the server for
 * exactly that window, so the report can say where the CPU per event goes. Kept apart from the
 * measured windows: sampling costs a little CPU itself, and their figures stay unprofiled.
 */
final class ProfiledStep implements OneToOne.Window {
  private final Path collapsed;
  private Profiler profiler;
  private String failure;

  private ProfiledStep(Path collapsed) {
    this.collapsed = collapsed;
  }

  /** The step, its profile (null when the profiler could not attach) and why it is missing. */
  record Outcome(Measurement step, CpuProfile profile, String failure) {}

  /** A window to profile: measures with the window it is given. */
  interface Profiled {
    Measurement measure(OneToOne.Window window) throws Exception;
  }

  static Outcome run(OneToOne setting, SuiteOptions options, int rate, Path logs) throws Exception {
    return run(
        setting,
        logs,
        "profile-" + rate,
        window -> {
          Measurement step =
              setting.measure("profile", rate + "/s", rate, options.seconds(), window);
          Progress.print(step);
          return step;
        });
  }

  /**
   * Runs {@code profiled} with the profiler attached; its stacks go to {@code <server>-<label>}.
   */
  static Outcome run(OneToOne setting, Path logs, String label, Profiled profiled)
      throws Exception {
    String name = setting.server.spec().name();
    var window = new ProfiledStep(logs.resolve(name + "-" + label + ".collapsed"));
    Measurement step = profiled.measure(window);
    CpuProfile profile = null;
    if (window.failure == null) {
      try {
        profile = CpuProfile.read(window.collapsed);
      } catch (Exception e) {
        window.failure = "cannot read the profile: " + e;
      }
    }
    if (window.failure != null) {
      Progress.note(name, "profile unavailable: " + window.failure);
    }
    return new Outcome(step, profile, window.failure);
  }

  @Override
  public void opened(long serverPid) {
    try {
      profiler = Profiler.start(serverPid);
    } catch (Exception e) {
      failure = "async-profiler did not attach: " + e;
    }
  }

  @Override
  public void closed() {
    if (profiler == null) {
      return;
    }
    try {
      profiler.stop(collapsed);
    } catch (Exception e) {
      failure = "async-profiler did not stop: " + e;
    }
  }
}
