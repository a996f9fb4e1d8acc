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
