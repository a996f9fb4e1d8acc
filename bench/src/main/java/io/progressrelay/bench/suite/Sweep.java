package io.progressrelay.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** Scenario 1: raises the 1:1 rate step by step until p99 reaches 50 ms or an event is lost. */
final class Sweep {

  /** The measured steps; the last one is the first that failed, or the generator's limit. */
  static List<Measurement> run(OneToOne setting, SuiteOptions options, String scenario) {
    List<Measurement> steps = new ArrayList<>();
    for (int rate : options.rates()) {
      Measurement step = setting.measure(scenario, rate + "/s", rate, options.seconds());
      steps.add(step);
      Progress.print(step);
      if (!step.sustained() || step.generatorBehind()) {
        break;
      }
    }
    return steps;
  }

  /** The highest rate sustained, or 0. */
  static int sustainedRate(List<Measurement> steps) {
    return steps.stream()
        .filter(step -> step.sustained() && !step.generatorBehind())
        .mapToInt(Measurement::rate)
        .max()
        .orElse(0);
  }

  private Sweep() {}
}
