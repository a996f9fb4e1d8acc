package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the readiness checks side by side and answers within a deadline: a check still waiting then
 * (a database that does not answer makes its check wait for the pool's connect timeout) counts as
 * not ready, and carries on in the background, where the next probe joins it instead of starting
 * another. So a probe is answered in time even while a dependency hangs, and hung checks cannot
 * pile up threads. Thread-safe.
 */
final class BoundedReadiness implements AutoCloseable {
  /**
   * As long as the checks' own query timeouts (2 s): a slow but answering dependency is still
   * ready, and a probe never waits much longer.
   */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(BoundedReadiness.class);

  private final List<ReadinessCheck> checks;
  private final List<AtomicReference<CompletableFuture<ReadinessCheck.Result>>> running;
  private final Duration deadline;
  private final ExecutorService threads;

  BoundedReadiness(List<ReadinessCheck> checks, Duration deadline) {
    this.checks = List.copyOf(checks);
    this.deadline = deadline;
    this.running = new ArrayList<>();
    this.checks.forEach(check -> running.add(new AtomicReference<>()));
    // At most one thread per check: a check runs once at a time.
    var count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "readiness-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Every check's result, in order; those without an answer within the deadline not ready. */
  List<ReadinessCheck.Result> results() {
    List<CompletableFuture<ReadinessCheck.Result>> answers = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      answers.add(runningOrStarted(i));
    }
    long until = System.nanoTime() + deadline.toNanos();
    List<ReadinessCheck.Result> results = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      results.add(await(checks.get(i), answers.get(i), until));
    }
    return results;
  }

  private CompletableFuture<ReadinessCheck.Result> runningOrStarted(int index) {
    AtomicReference<CompletableFuture<ReadinessCheck.Result>> slot = running.get(index);
    while (true) {
      CompletableFuture<ReadinessCheck.Result> current = slot.get();
      if (current != null && !current.isDone()) {
        return current;
      }
      var started = new CompletableFuture<ReadinessCheck.Result>();
      if (slot.compareAndSet(current, started)) {
        ReadinessCheck check = checks.get(index);
        try {
          threads.execute(() -> started.complete(run(check)));
        } catch (RuntimeException e) { // stopping: the executor takes no more tasks
          started.complete(new ReadinessCheck.Result(check.name(), false, "the relay is stopping"));
        }
        return started;
      }
    }
  }

  private ReadinessCheck.Result await(
      ReadinessCheck check, CompletableFuture<ReadinessCheck.Result> answer, long until) {
    try {
      return answer.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return new ReadinessCheck.Result(
          check.name(), false, "no answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ReadinessCheck.Result(check.name(), false, "interrupted");
    } catch (ExecutionException e) {
      return new ReadinessCheck.Result(check.name(), false, "the check failed unexpectedly");
    }
  }

  // Checks promise not to throw; one that does must not turn readiness into a 500.
  private static ReadinessCheck.Result run(ReadinessCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      LOG.warn("readiness check '{}' threw", check.name(), e);
      return new ReadinessCheck.Result(check.name(), false, "the check failed unexpectedly");
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
