package io.progressrelay.demo.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How much to simulate and how fast.
 *
 * @param uploadsPerSecond how many uploads start per second, on average
 * @param firstJobs how many jobs start at once, before the pace applies (one per user for the demo)
 * @param step the average time between two events of one upload (each varies by ±40 %)
 * @param maxUploads how many uploads to start in all; empty for no limit
 * @param duration how long new uploads may start; empty for no limit (running ones always finish)
 */
public record SimulationPlan(
    double uploadsPerSecond,
    int firstJobs,
    Duration step,
    Optional<Long> maxUploads,
    Optional<Duration> duration) {
  public SimulationPlan {
    if (!(uploadsPerSecond > 0)) {
      throw new IllegalArgumentException("'uploadsPerSecond' must be positive");
    }
    if (firstJobs < 1) {
      throw new IllegalArgumentException("'firstJobs' must be at least 1");
    }
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(maxUploads, "maxUploads");
    Objects.requireNonNull(duration, "duration");
  }

  /** True when the plan never ends by itself (the demo's). */
  public boolean endless() {
    return maxUploads.isEmpty() && duration.isEmpty();
  }
}
