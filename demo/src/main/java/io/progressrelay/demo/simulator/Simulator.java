package io.progressrelay.demo.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays upload workers: starts jobs at the plan's pace, registers their uploads first, then
 * publishes each job's events tick by tick until its terminal events. Everything runs on one daemon
 * thread ({@code simulator}), so events of one channel go out in order. A registration the relay
 * refuses stops the simulation ({@link #failure()}); an event that cannot be published is counted
 * and the rest go on.
 */
public final class Simulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final long PACE_MILLIS = 50;
  private static final int MAX_UPLOADS_PER_REGISTRATION = 5_000;

  private final SimulationPlan plan;
  private final JobFactory jobs;
  private final WorkerEvents events;
  private final EventPublisher publisher;
  private final UploadRegistrar registrar;
  private final SimulationStats stats = new SimulationStats();
  private final Random jitter = new Random();
  private final CountDownLatch done = new CountDownLatch(1);
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            var named = new Thread(runnable, "simulator");
            named.setDaemon(true);
            return named;
          });
  private long startedNanos;
  private int jobsCreated;
  private long firstJobsUploads;
  private int runningJobs;
  private boolean noMoreJobs;
  private volatile SimulationException failure;

  public Simulator(
      SimulationPlan plan,
      JobFactory jobs,
      WorkerEvents events,
      EventPublisher publisher,
      UploadRegistrar registrar) {
    this.plan = plan;
    this.jobs = jobs;
    this.events = events;
    this.publisher = publisher;
    this.registrar = registrar;
  }

  /** Starts the first jobs at once and returns; the rest follow at the plan's pace. */
  public Simulator start() {
    startedNanos = System.nanoTime();
    thread.scheduleAtFixedRate(
        () -> guarded(this::startDueJobs), 0, PACE_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  public SimulationStats stats() {
    return stats;
  }

  /** Waits until every planned upload has finished or the simulation failed; false on timeout. */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why the simulation stopped early, if it did. */
  public Optional<SimulationException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Stops at once; uploads still running get no further events. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    done.countDown();
  }

  private void startDueJobs() {
    if (noMoreJobs) {
      return;
    }
    double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
    if (plan.duration().map(limit -> elapsedSeconds >= limit.toMillis() / 1000.0).orElse(false)) {
      stopStarting();
      return;
    }
    // After the first jobs, uploads start at the plan's pace.
    long due = (long) Math.floor(elapsedSeconds * plan.uploadsPerSecond());
    List<SimulatedJob> starting = new ArrayList<>();
    int uploads = 0;
    while (!budgetSpent()
        && uploads < MAX_UPLOADS_PER_REGISTRATION
        && (jobsCreated < plan.firstJobs() || stats.uploadsStarted() - firstJobsUploads < due)) {
      SimulatedJob job = jobs.next(remainingBudget());
      jobsCreated++;
      if (jobsCreated <= plan.firstJobs()) {
        firstJobsUploads += job.uploadIds().size();
      }
      starting.add(job);
      stats.started(job);
      uploads += job.uploadIds().size();
    }
    if (!starting.isEmpty()) {
      begin(starting);
    }
    if (budgetSpent()) {
      stopStarting();
    }
  }

  private void begin(List<SimulatedJob> starting) {
    try {
      registrar.register(starting);
    } catch (SimulationException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      fail(new SimulationException("registering uploads failed: " + e.getMessage(), e));
      return;
    }
    for (SimulatedJob job : starting) {
      runningJobs++;
      publishTick(job, 0);
    }
  }

  private void publishTick(SimulatedJob job, int index) {
    if (failure != null) {
      return;
    }
    for (WorkerEvent event : job.tick(index, events)) {
      try {
        publisher.publish(event);
        stats.published();
      } catch (RuntimeException e) {
        stats.publishFailed();
        if (Long.bitCount(stats.publishFailures()) == 1) { // the 1st, 2nd, 4th, 8th...
          LOG.warn(
              "Could not publish an event ({} so far): {}",
              stats.publishFailures(),
              e.getMessage());
        }
      }
    }
    if (index + 1 < job.ticks()) {
      thread.schedule(
          () -> guarded(() -> publishTick(job, index + 1)),
          nextStepMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    runningJobs--;
    stats.finished(job);
    try {
      registrar.finished(job);
    } catch (RuntimeException e) {
      LOG.warn("Tidying up after a finished job failed: {}", e.getMessage());
    }
    finishIfIdle();
  }

  // An exception would silently end a scheduled task (and a fixed-rate schedule): stop loudly.
  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      if (!thread.isShutdown()) {
        fail(new SimulationException("the simulator failed: " + e, e));
      }
    }
  }

  private long nextStepMillis() {
    return Math.max(1, Math.round(plan.step().toMillis() * (0.6 + 0.8 * jitter.nextDouble())));
  }

  private boolean budgetSpent() {
    return plan.maxUploads().map(max -> stats.uploadsStarted() >= max).orElse(false);
  }

  private int remainingBudget() {
    long remaining = plan.maxUploads().orElse(Long.MAX_VALUE) - stats.uploadsStarted();
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }

  private void stopStarting() {
    noMoreJobs = true;
    finishIfIdle();
  }

  private void finishIfIdle() {
    if (noMoreJobs && runningJobs == 0) {
      done.countDown();
    }
  }

  private void fail(SimulationException e) {
    failure = e;
    noMoreJobs = true;
    LOG.error("The simulation stopped: {}", e.getMessage());
    done.countDown();
  }
}
