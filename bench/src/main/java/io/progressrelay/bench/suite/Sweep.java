package io.progressrelay.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: raises the 1:1 rate step by step until p99 reaches 50 ms or an event is lost, and on
 * to a given rate at least (node_ws's first failing step), so that servers compare there too.
 */
final class Sweep {

  /**
   * The measured steps: up to the first that failed or the generator's limit, and then on to {@code
   * compareUpTo} events/s (0: no further).
   */
  static List<Measurement> run(
      OneToOne setting, SuiteOptions options, String scenario, int compareUpTo) {
    List<Measurement> steps = new ArrayList<>();
    boolean failed = false;
    for (int rate : options.rates()) {
      if (failed && rate > compareUpTo) {
        break;
      }
      Measurement step = setting.measure(scenario, rate + "/s", rate, options.seconds());
      steps.add(step);
      Progress.print(step);
      if (step.generatorBehind()) {
        break;
      }
      failed |= !step.sustained();
    }
    return steps;
  }

  /** The highest rate sustained below the first failing step, or 0. */
  static int sustainedRate(List<Measurement> steps) {
    int rate = 0;
    for (Measurement step : steps) {
      if (!step.sustained() || step.generatorBehind()) {
        break;
      }
      rate = step.rate();
    }
    return rate;
  }

  /** The first step that failed or where the generator fell behind, or null. */
  static Measurement firstFailing(List<Measurement> steps) {
    return steps.stream()
        .filter(step -> !step.sustained() || step.generatorBehind())
        .findFirst()
        .orElse(null);
  }

  private Sweep() {}
}
