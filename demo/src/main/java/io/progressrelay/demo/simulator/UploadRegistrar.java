package io.progressrelay.demo.simulator;

import java.util.List;

/**
 * What a backend does around the workers' events: register each upload's owner (and have the owner
 * follow it) before the first event, and optionally tidy up after the last.
 */
public interface UploadRegistrar {
  /**
   * Registers the uploads of {@code jobs} before any of their events is published.
   *
   * @throws SimulationException when the relay refused or could not be reached
   */
  void register(List<SimulatedJob> jobs);

  /** Called after a job's last event; nothing by default. */
  default void finished(SimulatedJob job) {}
}
