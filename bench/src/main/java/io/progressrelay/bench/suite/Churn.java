package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Fleet;
import io.progressrelay.bench.load.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6: 500 connections a second open, authenticate and close while the 1:1 setting runs at
 * half its sustained rate; compared with the same rate without churn.
 */
final class Churn {
  static final int PER_SECOND = 500;

  /** What the churning clients saw. */
  record Outcome(
      Measurement quiet,
      Measurement churning,
      long attempted,
      long completed,
      long failed,
      Histogram connectMicros) {}

  static Outcome run(OneToOne setting, SuiteOptions options, Tokens tokens, String tag, int rate) {
    Measurement quiet = setting.measure("churn", "without", rate, options.seconds());
    Progress.print(quiet);
    var attempted = new AtomicLong();
    var completed = new AtomicLong();
    var failed = new AtomicLong();
    Queue<CompletableFuture<?>> attempts = new ConcurrentLinkedQueue<>();
    var connectMicros = new ConcurrentHistogram(3);
    List<String> churnTokens = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      churnTokens.add(tokens.user("c" + tag + "-" + i));
    }
    ScheduledExecutorService churner = Executors.newSingleThreadScheduledExecutor();
    churner.scheduleAtFixedRate(
        () -> {
          long n = attempted.getAndIncrement();
          long start = System.nanoTime();
          attempts.add(
              Fleet.connect(
                      setting.server, churnTokens.get((int) (n % churnTokens.size())), (int) n)
                  .thenCompose(client -> client.authenticated().thenApply(ok -> client))
                  .orTimeout(10, TimeUnit.SECONDS)
                  .whenComplete(
                      (client, failure) -> {
                        if (failure == null) {
                          connectMicros.recordValue((System.nanoTime() - start) / 1_000);
                          completed.incrementAndGet();
                          client.close();
                        } else {
                          failed.incrementAndGet();
                        }
                      }));
        },
        0,
        1_000_000 / PER_SECOND,
        TimeUnit.MICROSECONDS);
    Measurement churning;
    try {
      Drain.sleep(500);
      churning = setting.measure("churn", "500 conn/s", rate, options.seconds());
    } finally {
      churner.shutdownNow();
    }
    // The connects still under way end (each times out after 10 s) before the next scenario.
    CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
        .exceptionally(failure -> null)
        .join();
    Drain.sleep(1_000);
    Progress.print(churning);
    Progress.note(
        setting.server.spec().name(),
        String.format(
            "churn: %d attempted, %d authenticated and closed, %d failed; connect+auth p99 %.1f ms",
            attempted.get(),
            completed.get(),
            failed.get(),
            connectMicros.getValueAtPercentile(99) / 1000.0));
    return new Outcome(
        quiet, churning, attempted.get(), completed.get(), failed.get(), connectMicros);
  }

  private Churn() {}
}
