package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.RelayFrames;
import java.time.LocalDate;
import java.util.Locale;

/** The suite's Markdown report: the peers side by side per scenario, then the targets. */
final class Report {

  static String render(Results r, SuiteOptions o, String plotFile) {
    var out = new StringBuilder();
    out.append("# Benchmark report, ").append(LocalDate.now()).append("\n\n");
    out.append(Machine.describe()).append('\n');
    out.append(
        f(
            "Every server ran in its own process on this machine, under the same Java load generator"
                + " (real WebSocket clients; the producer publishes on the same Redis, pipelined per"
                + " millisecond) and with the same settings; %,d users with one connection and one upload"
                + " each; windows of %.0f s after a %.0f s warm-up; payloads shaped like the"
                + " `upload_progress` fixture (about 330 bytes). Latency is publish → frame received."
                + " The relay ran with `%s` and its defaults, as three servers: `relay` (delivery"
                + " history `all`, the default), `relay_terminal` and `relay_off`"
                + " (`RELAY_HISTORY_LEVEL`). CPU is per process, from /proc; PostgreSQL's is the"
                + " sum over all its processes (server and backends).\n\n",
            o.users(), o.seconds(), o.warmUpSeconds(), r.relayJvm));
    if (!r.failures.isEmpty()) {
      out.append("**Failures:**\n\n");
      r.failures.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
      out.append('\n');
    }
    Scorecard.render(out, r);
    SweepReport.sustained(out, r);
    if (!r.sweeps.isEmpty()) {
      out.append("![p99 latency against rate](").append(plotFile).append(")\n\n");
    }
    SweepReport.sweepDetails(out, r);
    ProfileReport.render(out, r);
    broadcast(out, r);
    SlowReadersReport.render(out, r);
    IdleReport.render(out, r);
    SweepReport.history(out, r);
    ModesReport.render(out, r);
    churn(out, r);
    ConnectsReport.render(out, r);
    SoakReport.render(out, r, LocalDate.now().toString());
    queries(out, r);
    JvmReport.render(out, r);
    return out.toString();
  }

  private static void broadcast(StringBuilder out, Results r) {
    if (r.broadcasts.isEmpty()) {
      return;
    }
    out.append("## 2. Broadcast: one upload, every user subscribed, 20 events/s\n\n");
    out.append(
        "| server | published | delivered / expected | reordered | p50 ms | p99 ms | max ms | relay-side p99 ms | relay: coalesced / rate-limited / dropped | relay: frames per write | server µs/delivery | PostgreSQL µs/delivery | generator cores | machine busy |\n");
    out.append("| --- ".repeat(14)).append("|\n");
    for (Measurement m : r.broadcasts.values()) {
      out.append(
          f(
              "| %s | %,d | %,d / %,d | %,d | %.2f | %.2f | %.2f | %s | %s | %s | %.1f | %.2f | %.2f | %.0f %% |\n",
              m.server(),
              m.published(),
              m.delivered(),
              m.expected(),
              m.reordered(),
              m.millis(50),
              m.millis(99),
              m.maxMillis(),
              bound(m.relaySideP99Millis()),
              notSent(m),
              framesPerWrite(m),
              m.serverMicrosPerEvent(),
              m.postgresMicrosPerEvent(),
              m.usage().generatorCores(),
              m.usage().busy() * 100));
    }
    out.append('\n');
    ProfileReport.renderBroadcast(out, r);
  }

  /** The relay's frames not sent by its policy in a window, or "–" for a peer. */
  static String notSent(Measurement m) {
    return notSent(m.relayFrames());
  }

  /** As above, from the counters' movement itself. */
  static String notSent(RelayFrames frames) {
    return frames == null
        ? "–"
        : f("%,d / %,d / %,d", frames.coalesced(), frames.rateLimited(), frames.dropped());
  }

  static String framesPerWrite(Measurement m) {
    var frames = m.relayFrames();
    return frames == null || Double.isNaN(frames.framesPerWrite())
        ? "–"
        : f("%.2f", frames.framesPerWrite());
  }

  static String kib(double kib) {
    return Double.isNaN(kib) ? "–" : f("%.2f KiB", kib);
  }

  private static void churn(StringBuilder out, Results r) {
    if (r.churn.isEmpty()) {
      return;
    }
    out.append(
        "## 6. Churn: 500 connects and disconnects per second at half node_ws's sustained rate\n\n");
    out.append(
        "| server | rate | p99 without churn | p99 with churn | relay-side p99 with churn | lost | churn cycles done / failed | connect+auth p99 | server cores without → with | PostgreSQL cores without → with | generator cores with churn | machine busy |\n");
    out.append("| --- ".repeat(12)).append("|\n");
    for (Churn.Outcome c : r.churn.values()) {
      out.append(
          f(
              "| %s | %,d/s | %.2f ms | %.2f ms | %s | %,d | %,d / %,d | %.1f ms | %.2f → %.2f | %.2f → %.2f | %.2f | %.0f %% |\n",
              c.quiet().server(),
              c.quiet().rate(),
              c.quiet().millis(99),
              c.churning().millis(99),
              bound(c.churning().relaySideP99Millis()),
              c.churning().lost(),
              c.completed(),
              c.failed(),
              c.connectMicros().getValueAtPercentile(99) / 1000.0,
              c.quiet().usage().serverCores(),
              c.churning().usage().serverCores(),
              c.quiet().usage().postgresCores(),
              c.churning().usage().postgresCores(),
              c.churning().usage().generatorCores(),
              c.churning().usage().busy() * 100));
    }
    out.append('\n');
  }

  private static void queries(StringBuilder out, Results r) {
    if (r.relayQueries == null) {
      return;
    }
    out.append("## Database queries on the forwarding path\n\n");
    out.append(
        f(
            "PostgreSQL's counters for the relay's database over the whole sweep (%,d events"
                + " delivered, read 11 s after setup so that no setup query is counted): %,d"
                + " transactions (%.5f per event: the batched history COPYs and latest-state"
                + " flushes, plus the benchmark's own readings), %,d scans of `grants` and"
                + " `subscriptions`, where audiences live, and %,d index scans of `uploads`: the"
                + " latest-state flush every 2 s updates each active upload once. Audiences come"
                + " from memory: no query is made per forwarded event.\n",
            r.relayQueryEvents,
            r.relayQueries.transactions(),
            (double) r.relayQueries.transactions() / Math.max(1, r.relayQueryEvents),
            r.relayQueries.audienceScans(),
            r.relayQueries.uploadScans()));
  }

  /** A relay-side bucket bound in ms: "≤ 0.25", or "–" where the server keeps no histogram. */
  static String bound(double millis) {
    if (Double.isNaN(millis)) {
      return "–";
    }
    return Double.isInfinite(millis) ? "> 10,000" : f("≤ %s", trim(millis));
  }

  private static String trim(double millis) {
    String text = f("%.3f", millis);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private Report() {}
}
