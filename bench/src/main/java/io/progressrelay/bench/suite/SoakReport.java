package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's soak section: loss, order and latency over the run, and the process's trends. */
final class SoakReport {

  /** The name of the CSV of one server's readings, beside the report. */
  static String csvName(String date, String server) {
    return date + "-soak-" + server + ".csv";
  }

  static void render(StringBuilder out, Results r, String date) {
    if (r.soaks.isEmpty()) {
      return;
    }
    Soak.Outcome any = r.soaks.values().iterator().next();
    out.append(
        f(
            "## Soak: %.0f minutes at %,d events/s, churn, 1 %% stalled readers\n\n",
            any.seconds() / 60, any.rate()));
    out.append(
        f(
            "The 1:1 setting at one rate (half node_ws's sustained rate, or `--soak-rate`) for the"
                + " whole run, while %,d connections a second open, authenticate and close, and"
                + " one user in %d stops reading: each of those also follows an upload with %,d"
                + " frames a second of %,d bytes whose action (`%s`) no server coalesces; when the"
                + " server closes one (the relay: 4008 once its queue is full) it reconnects,"
                + " subscribes again and stalls again, and a server that never closes keeps"
                + " buffering for it (a stalled reader cannot see the close, which waits behind"
                + " its unread frames: it reads again once the kernel's TCP table shows the"
                + " server's end closed, and the close is counted by the code it then sees; the"
                + " relay's 4008 frame cannot be written to a full socket, so 1006). Loss, order"
                + " and p99 are the healthy users' (p99 per 5-minute window, by publish time: the"
                + " first and the last); the relay's own counters of frames it did not send are"
                + " beside the loss, the stalled readers' included. The server's"
                + " process was read every 10 s from /proc (RSS, open descriptors, threads) and,"
                + " for the relay, its live heap once a minute: `jcmd <pid> GC.class_histogram`,"
                + " which forces a full collection and sums what survived (one stop-the-world"
                + " pause a minute, which the relay's p99 includes and node_ws's does not).\n\n",
            Churn.PER_SECOND,
            StalledReaders.ONE_IN,
            StalledReaders.BUSY_RATE,
            StalledReaders.BUSY_BYTES,
            StalledReaders.BUSY_ACTION));
    out.append(
        "How to read the trends: each is the least-squares slope over the readings after the"
            + " first 20 % of the run (the warm-up), per hour, with the fitted line's value at the"
            + " start and end of that range. A flat process has slopes near zero against its level"
            + " (RSS and heap within a few per cent an hour, descriptors and threads within a"
            + " handful, which churn alone moves up and down); a steady leak shows as the same"
            + " sign in every run and grows with the run's length. The raw readings are in "
            + r.soaks.keySet().stream()
                .map(server -> "`" + csvName(date, server) + "`")
                .collect(Collectors.joining(", "))
            + ".\n\n");
    out.append(
        "| server | minutes | rate | healthy delivered / expected | lost | reordered | relay:"
            + " coalesced / rate-limited / dropped | healthy readers closed by the server | stalled users: closes (by code) / reconnects | churn cycles done / failed | p99 first →"
            + " last window | RSS MiB start → end, slope | live heap MiB after GC, start → end,"
            + " slope | fds start → end, slope | threads start → end, slope |\n");
    out.append("| --- ".repeat(15)).append("|\n");
    for (Soak.Outcome s : r.soaks.values()) {
      List<Double> windows = s.windowP99Millis();
      out.append(
          f(
              "| %s | %.1f | %,d/s | %,d / %,d | %,d | %,d | %s | %s | %d: %,d (%s) / %,d | %,d / %,d |"
                  + " %.2f → %.2f ms | %s | %s | %s | %s |\n",
              s.server(),
              s.seconds() / 60,
              s.rate(),
              s.delivered(),
              s.expected(),
              s.lost(),
              s.reordered(),
              Report.notSent(s.relayFrames()),
              s.healthyClosedByCode().isEmpty() ? "0" : codes(s.healthyClosedByCode()),
              s.stalledUsers(),
              s.stalledCloses(),
              codes(s.stalledClosesByCode()),
              s.stalledReconnected(),
              s.churnCompleted(),
              s.churnFailed(),
              windows.get(0),
              windows.get(windows.size() - 1),
              trend(s.rssMib(), "%.1f", "MiB"),
              ServerSpecs.isRelay(s.server()) ? trend(s.liveHeapMib(), "%.1f", "MiB") : "n/a",
              trend(s.fds(), "%.0f", ""),
              trend(s.threads(), "%.0f", "")));
    }
    out.append('\n');
  }

  private static String codes(Map<Integer, Long> byCode) {
    return byCode.isEmpty()
        ? "none"
        : byCode.entrySet().stream()
            .map(e -> (e.getKey() < 0 ? "no code" : e.getKey()) + ": " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  // "350.2 → 351.0, +1.6 MiB/h (+0.5 %/h)"
  private static String trend(Trend t, String number, String unit) {
    if (t.readings() < 2) {
      return "–";
    }
    String perHour = unit.isEmpty() ? "/h" : " " + unit + "/h";
    return f(
        number + " → " + number + ", %+.1f%s (%+.1f %%/h)",
        t.first(),
        t.last(),
        t.perHour(),
        perHour,
        t.relativePerHour() * 100);
  }

  private SoakReport() {}
}
