package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

/** The report's slow-reader section: healthy p99 before, after and just after the stall. */
final class SlowReadersReport {

  static void render(StringBuilder out, Results r) {
    if (r.slowReaders.isEmpty()) {
      return;
    }
    out.append(
        "## 3. Slow readers: 1:1 at 2,000/s; one client in twenty also follows a busy upload"
            + " (500 events/s of 4 KB) and stops reading in the middle of the window\n\n");
    out.append(
        "After a warm-up under the same load with every client reading, one window: all read for"
            + " its first half, then one client in twenty stops reading and the window goes on as"
            + " long again. Healthy clients' p99 by when their frames were published: before the"
            + " stall (the server's own unstalled figure, same load), after it, and in the first"
            + " seconds after it (the transient, while the stalled sockets' buffers fill and the"
            + " server decides about them). Cores: before the stall → after it; CPU per healthy"
            + " delivery over the whole window (the stalled clients' frames cost CPU too).\n\n");
    out.append(
        "| server | healthy p99 before the stall | after the stall | first seconds after | after"
            + " ÷ before | healthy delivered / expected | reordered | stalled closed by server"
            + " | relay: coalesced / rate-limited / dropped | server cores | PostgreSQL cores"
            + " | server / PostgreSQL µs per healthy delivery | server RSS before → at stall →"
            + " peak → after |\n");
    out.append("| --- ".repeat(13)).append("|\n");
    for (SlowReaders.Outcome s : r.slowReaders.values()) {
      Measurement m = s.window();
      double before = SlowReaders.Outcome.p99(s.beforeStall());
      double after = SlowReaders.Outcome.p99(s.afterStall());
      out.append(
          f(
              "| %s | %.2f ms | %s | %s (%.0f s) | %s | %,d / %,d | %,d | %d of %d | %s | %.2f → %.2f"
                  + " | %.2f → %.2f | %.1f / %.1f | %,d → %,d → %,d → %,d KiB |\n",
              m.server(),
              before,
              Double.isNaN(after) ? "nothing delivered" : f("%.2f ms", after),
              f("%.2f ms", SlowReaders.Outcome.p99(s.firstSeconds())),
              s.firstSecondsLength(),
              Double.isNaN(after) ? "–" : f("%.2f", after / before),
              m.delivered(),
              m.expected(),
              m.reordered(),
              s.closedByServer(),
              s.stalledClients(),
              Report.notSent(m),
              s.beforeUsage().serverCores(),
              s.afterUsage().serverCores(),
              s.beforeUsage().postgresCores(),
              s.afterUsage().postgresCores(),
              m.serverMicrosPerEvent(),
              m.postgresMicrosPerEvent(),
              s.rssBeforeKib(),
              s.rssAtStallKib(),
              s.rssPeakKib(),
              s.rssAfterKib()));
    }
    out.append('\n');
  }

  private SlowReadersReport() {}
}
