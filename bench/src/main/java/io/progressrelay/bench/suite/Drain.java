package io.progressrelay.bench.suite;

import java.util.function.LongSupplier;

/** Waits for frames still in flight after publishing stops. */
final class Drain {

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
