package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

/** The report's idle-memory section: resident memory and live heap per connection. */
final class IdleReport {

  static void render(StringBuilder out, Results r) {
    if (r.idle.isEmpty()) {
      return;
    }
    out.append("## 4. Idle: authenticated, subscribed, silent connections on a fresh server\n\n");
    out.append(
        "Opened in two equal halves; \"per connection\" is the growth over all of them, one-time"
            + " costs (JIT-compiled code, loaded classes, thread stacks, heap first touched)"
            + " included; \"marginal\" is the growth over the second half alone. For the relay,"
            + " the live heap is read too, after a full collection (`jcmd <pid>"
            + " GC.class_histogram`, once resident memory has been read at each point): what its"
            + " objects hold, apart from the heap the collector keeps.\n\n");
    out.append(
        "| server | connections | RSS before | RSS at half | RSS after | per connection"
            + " | marginal per connection | × node_ws | live heap per connection | marginal live heap"
            + " |\n");
    out.append("| --- ".repeat(10)).append("|\n");
    Idle.Outcome node = r.idle.get("node_ws");
    for (Idle.Outcome i : r.idle.values()) {
      out.append(
          f(
              "| %s | %,d | %,d KiB | %,d KiB | %,d KiB | %.1f KiB | %.1f KiB | %s | %s | %s |\n",
              i.server(),
              i.connections(),
              i.rssBeforeKib(),
              i.rssMiddleKib(),
              i.rssAfterKib(),
              i.kibPerConnection(),
              i.marginalKibPerConnection(),
              node == null ? "–" : f("%.2f", i.kibPerConnection() / node.kibPerConnection()),
              Report.kib(i.heapKibPerConnection()),
              Report.kib(i.marginalHeapKibPerConnection())));
    }
    out.append('\n');
  }

  private IdleReport() {}
}
