package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

/** The report's JVM table: the relay on Java 17 and Java 25 under each setting. */
final class JvmReport {

  static void render(StringBuilder out, Results r) {
    if (r.jvmVariants.isEmpty()) {
      return;
    }
    out.append(
        "\n## JVM settings: the relay on Java 17 and Java 25, under each garbage collector, with"
            + " and without compact object headers\n\n");
    out.append(
        "Each row is a freshly started relay (history `all`; the jar is built for Java 17) with"
            + " the options shown, warmed up at 10,000 events/s for twice the sweep's warm-up (at"
            + " least 3 s), then measured like scenarios 1 and 4. On Java 25 ZGC is generational"
            + " only (`-XX:+ZGenerational` was removed in 24) and compact object headers are a"
            + " product option.\n\n");
    out.append(
        "| JVM | options | 10k/s p99 ms | 10k/s µs/event | 20k/s p99 ms | 20k/s µs/event | lost"
            + " | idle KiB per connection | marginal | live heap KiB per connection | marginal"
            + " |\n");
    out.append("| --- ".repeat(11)).append("|\n");
    for (JvmVariants.Outcome v : r.jvmVariants) {
      Measurement a = v.steps().get(0);
      Measurement b = v.steps().get(1);
      out.append(
          f(
              "| %s | `%s` | %.2f | %.1f | %.2f | %.1f | %,d | %.1f | %.1f | %s | %s |\n",
              v.variant(),
              String.join(" ", v.options()),
              a.millis(99),
              a.serverMicrosPerEvent(),
              b.millis(99),
              b.serverMicrosPerEvent(),
              a.lost() + b.lost(),
              v.idle().kibPerConnection(),
              v.idle().marginalKibPerConnection(),
              Report.kib(v.idle().heapKibPerConnection()),
              Report.kib(v.idle().marginalHeapKibPerConnection())));
    }
    out.append('\n');
  }

  private JvmReport() {}
}
