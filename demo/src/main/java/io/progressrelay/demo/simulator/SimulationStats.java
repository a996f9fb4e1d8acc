package io.progressrelay.demo.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulator has done so far; read from any thread while it runs. */
public final class SimulationStats {
  private final AtomicLong eventsPublished = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong uploadsStarted = new AtomicLong();
  private final AtomicLong uploadsCompleted = new AtomicLong();
  private final AtomicLong uploadsFailed = new AtomicLong();

  void published() {
    eventsPublished.incrementAndGet();
  }

  void publishFailed() {
    publishFailures.incrementAndGet();
  }

  void started(SimulatedJob job) {
    uploadsStarted.addAndGet(job.uploadIds().size());
  }

  void finished(SimulatedJob job) {
    uploadsFailed.addAndGet(job.failingUploads());
    uploadsCompleted.addAndGet(job.uploadIds().size() - job.failingUploads());
  }

  public long eventsPublished() {
    return eventsPublished.get();
  }

  /** Events that could not be published (Redis unreachable). */
  public long publishFailures() {
    return publishFailures.get();
  }

  public long uploadsStarted() {
    return uploadsStarted.get();
  }

  /** Uploads whose last event went out with {@code upload_completed}. */
  public long uploadsCompleted() {
    return uploadsCompleted.get();
  }

  /** Uploads whose last event went out with {@code upload_failed}. */
  public long uploadsFailed() {
    return uploadsFailed.get();
  }

  public long uploadsDone() {
    return uploadsCompleted() + uploadsFailed();
  }

  public long uploadsRunning() {
    return uploadsStarted() - uploadsDone();
  }
}
