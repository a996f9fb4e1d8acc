package io.progressrelay.demo.simulator;

import java.util.List;

/**
 * A unit of simulated work owned by one user: one upload, or a batch of uploads. It is published
 * tick by tick; each tick's events go out together, the next tick a step later.
 */
public sealed interface SimulatedJob permits SingleUpload, BatchUpload {
  String owner();

  /** The uploads to register (and follow) before the first tick. */
  List<String> uploadIds();

  int ticks();

  /** The events of tick {@code index}, stamped now. */
  List<WorkerEvent> tick(int index, WorkerEvents events);

  /** How many of the job's uploads end with {@code upload_failed}. */
  int failingUploads();
}
