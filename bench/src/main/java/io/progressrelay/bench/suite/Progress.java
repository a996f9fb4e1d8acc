package io.progressrelay.bench.suite;

/** One line on the terminal per measured window, so a long run shows where it is. */
final class Progress {

  static void print(Measurement m) {
    System.out.printf(
        "%-18s %-13s %-10s pub %,8.0f/s  got %,9d/%,9d  reord %d  p50 %7.2f  p99 %8.2f  max %8.2f ms"
            + "  server %.2f cores %6.1f µs/ev (kernel %5.1f)  gen %.2f  redis %.2f  pg %.2f  busy %3.0f%%%n",
        m.server(),
        m.scenario(),
        m.label(),
        m.publishedPerSecond(),
        m.delivered(),
        m.expected(),
        m.reordered(),
        m.millis(50),
        m.millis(99),
        m.maxMillis(),
        m.usage().serverCores(),
        m.serverMicrosPerEvent(),
        m.serverKernelMicrosPerEvent(),
        m.usage().generatorCores(),
        m.usage().redisCores(),
        m.usage().postgresCores(),
        m.usage().busy() * 100);
  }

  static void note(String server, String text) {
    System.out.printf("%-18s %s%n", server, text);
  }

  private Progress() {}
}
