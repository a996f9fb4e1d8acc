package io.progressrelay.bench.suite;

import java.util.function.LongSupplier;

/** Waits for frames still in flight after publishing stops. */
final class Drain {
  /**
   * How long a measured window waits for its last frames while they keep arriving. Generous, so
   * that an overloaded server's late frames count as late rather than lost; a second with nothing
   * arriving still ends the wait.
   */
  static final long WINDOW_LIMIT_MILLIS = 30_000;

  /** Waits until {@code received} reaches {@code expected}, or stops growing for a while. */
  static void await(LongSupplier received, long expected, long quietMillis, long limitMillis) {
    long deadline = System.currentTimeMillis() + limitMillis;
    long last = received.getAsLong();
    long lastChange = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      long now = received.getAsLong();
      if (now >= expected) {
        return;
      }
      if (now != last) {
        last = now;
        lastChange = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - lastChange > quietMillis) {
        return;
      }
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Drain() {}
}
