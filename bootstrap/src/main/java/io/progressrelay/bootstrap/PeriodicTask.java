package io.progressrelay.bootstrap;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a maintenance job on its own daemon thread at a fixed interval; a failed run is logged. */
final class PeriodicTask implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final ScheduledExecutorService executor;

  PeriodicTask(String name, Duration interval, Runnable job) {
    this(name, interval, interval, job);
  }

  /** As above, with the first run after {@code firstDelay} instead of one interval. */
  PeriodicTask(String name, Duration interval, Duration firstDelay, Runnable job) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              var thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (RuntimeException e) {
            // The next run tries again; a database outage must not end the schedule.
            LOG.warn("{} failed: {}", name, e.getMessage());
          }
        },
        firstDelay.toMillis(),
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
