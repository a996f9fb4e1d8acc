package io.progressrelay.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures what the current thread allocates from {@link #start()} on, so that a fuzz test can hold
 * a parser to a memory budget linear in the size of its input. Not thread-safe; one per
 * measurement.
 */
public final class AllocationBudget {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long startBytes;

  private AllocationBudget(long startBytes) {
    this.startBytes = startBytes;
  }

  public static AllocationBudget start() {
    return new AllocationBudget(THREADS.getCurrentThreadAllocatedBytes());
  }

  /**
   * Runs {@code action} once to warm it up (class loading), then once more, and fails unless that
   * run allocated at most {@code fixedBytes + perInputByte * inputBytes}. Checked only on seed
   * runs: while Jazzer fuzzes ({@code JAZZER_FUZZ} set), its hooks allocate megabytes on the
   * exception paths (message formatting), where an uninstrumented run allocates a few kilobytes.
   */
  public static void assertWarmRunWithin(
      Runnable action, long fixedBytes, long perInputByte, long inputBytes) {
    if (isFuzzing()) {
      return;
    }
    action.run();
    var budget = start();
    action.run();
    budget.assertWithin(fixedBytes, perInputByte, inputBytes);
  }

  private static boolean isFuzzing() {
    String fuzz = System.getenv("JAZZER_FUZZ");
    return fuzz != null && !fuzz.isEmpty();
  }

  /** The bytes this thread allocated since {@link #start()}. */
  public long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes() - startBytes;
  }

  /**
   * Fails unless the thread allocated at most {@code fixedBytes + perInputByte * inputBytes} since
   * {@link #start()}.
   */
  public void assertWithin(long fixedBytes, long perInputByte, long inputBytes) {
    long allocated = allocated();
    long budget = fixedBytes + perInputByte * inputBytes;
    if (allocated > budget) {
      throw new AssertionError(
          "allocated "
              + allocated
              + " bytes for an input of "
              + inputBytes
              + " bytes; the budget is "
              + budget);
    }
  }
}
