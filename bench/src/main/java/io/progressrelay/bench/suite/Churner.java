package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Fleet;
import io.progressrelay.bench.load.LoadClient;
import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Connections that open, authenticate and close at a steady rate, as browsers coming and going
 * would, over 1,000 users in turn; counts the cycles and times each connect+auth.
 */
final class Churner implements AutoCloseable {
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  // Only the attempts under way: a soak runs for half an hour, 900,000 cycles at 500 a second.
  private final Set<CompletableFuture<?>> attempts = ConcurrentHashMap.newKeySet();
  private final ConcurrentHistogram connectMicros = new ConcurrentHistogram(3);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  /** Starts {@code perSecond} cycles a second against {@code server} for users named by tag. */
  static Churner start(Server server, Tokens tokens, String userTag, int perSecond) {
    List<String> userTokens = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      userTokens.add(tokens.user(userTag + "-" + i));
    }
    var churner = new Churner();
    churner.timer.scheduleAtFixedRate(
        () -> churner.cycle(server, userTokens), 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    return churner;
  }

  private void cycle(Server server, List<String> userTokens) {
    long n = attempted.getAndIncrement();
    long start = System.nanoTime();
    CompletableFuture<LoadClient> connecting =
        Fleet.connect(server, userTokens.get((int) (n % userTokens.size())), (int) n);
    CompletableFuture<?> attempt =
        connecting
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
                    // A connect that timed out may still open: it must not stay open for good.
                    connecting.thenAccept(LoadClient::close);
                  }
                });
    attempts.add(attempt);
    attempt.whenComplete((done, failure) -> attempts.remove(attempt));
  }

  /** Starts no more cycles, and waits for those under way (each times out after 10 s). */
  @Override
  public void close() {
    timer.shutdownNow();
    CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
        .exceptionally(failure -> null)
        .join();
  }

  long attempted() {
    return attempted.get();
  }

  long completed() {
    return completed.get();
  }

  long failed() {
    return failed.get();
  }

  Histogram connectMicros() {
    return connectMicros;
  }
}
