package io.progressrelay.bench.suite;

import java.time.LocalDate;
import java.util.List;
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
    sustained(out, r);
    if (!r.sweeps.isEmpty()) {
      out.append("![p99 latency against rate](").append(plotFile).append(")\n\n");
    }
    sweepDetails(out, r);
    ProfileReport.render(out, r);
    broadcast(out, r);
    slowReaders(out, r);
    idle(out, r);
    history(out, r);
    churn(out, r);
    connects(out, r);
    queries(out, r);
    jvm(out, r);
    return out.toString();
  }

  private static void sustained(StringBuilder out, Results r) {
    if (r.sweeps.isEmpty()) {
      return;
    }
    out.append("## 1. 1:1 fan-out: highest rate with p99 < 50 ms and no loss\n\n");
    double bus = r.busLimit == null ? Double.NaN : r.busLimit.receivedPerSecond();
    out.append(
        f(
            "Bus limit in the same run: one plain Jedis subscriber received everything the same"
                + " producer published, %,.0f events/s (published %,.0f/s; the highest paced step tried),"
                + " no WebSocket. The sweep's steps are the issue's (1k, 2k, 5k, 10k, 20k, 50k, 100k)"
                + " plus 30k and 40k, to place the limits between 20k and 50k.\n\n",
            bus, r.busLimit == null ? Double.NaN : r.busLimit.publishedPerSecond()));
    out.append(
        "| server | sustained rate | × node_ws | × seed_py | of bus limit | first failing step |\n");
    out.append("| --- | --- | --- | --- | --- | --- |\n");
    for (String server : r.sweeps.keySet()) {
      List<Measurement> sweep = r.sweeps.get(server);
      if (sweep.isEmpty()) {
        continue;
      }
      int rate = r.sustained(server);
      Measurement last = r.firstFailing(server);
      String failing =
          last == null
              ? "none (all steps passed)"
              : f(
                  "%s: %s",
                  last.label(),
                  last.generatorBehind()
                      ? f("generator published only %,.0f/s", last.publishedPerSecond())
                      : f(
                          "p99 %.1f ms, %,d lost%s, %,d reordered",
                          last.millis(99),
                          last.lost(),
                          last.relayFrames() == null
                              ? ""
                              : f(
                                  " (the relay coalesced %,d, dropped %,d)",
                                  last.relayFrames().coalesced(), last.relayFrames().dropped()),
                          last.reordered()));
      out.append(
          f(
              "| %s | %,d/s | %s | %s | %.2f | %s |\n",
              server,
              rate,
              ratio(rate, r.sustained("node_ws")),
              ratio(rate, r.sustained("seed_py")),
              rate / bus,
              failing));
    }
    out.append('\n');
    atNodeFailing(out, r);
    out.append("p99 (ms) per step; `lost` marks a step that lost or reordered events:\n\n");
    List<Integer> rates =
        r.sweeps.values().stream()
            .flatMap(List::stream)
            .map(Measurement::rate)
            .distinct()
            .sorted()
            .toList();
    out.append("| rate |");
    r.sweeps.keySet().forEach(s -> out.append(' ').append(s).append(" |"));
    out.append("\n| --- |");
    r.sweeps.keySet().forEach(s -> out.append(" --- |"));
    out.append('\n');
    for (int rate : rates) {
      out.append(f("| %,d/s |", rate));
      for (String server : r.sweeps.keySet()) {
        Measurement m = r.sweepStep(server, rate);
        out.append(' ')
            .append(
                m == null
                    ? "–"
                    : f("%.2f%s", m.millis(99), m.lost() + m.reordered() > 0 ? " lost" : ""))
            .append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static void sweepDetails(StringBuilder out, Results r) {
    if (r.sweeps.isEmpty()) {
      return;
    }
    out.append("### Every step\n\n");
    out.append(
        "| server | rate | published/s | delivered/s | lost | reordered | p50 | p90 | p99 | p99.9 | max"
            + " | relay-side p99 | relay: coalesced / rate-limited / dropped | relay: frames per write | server cores | server µs/event | of which kernel | PostgreSQL µs/event | generator cores | Redis cores | PostgreSQL cores | machine busy |\n");
    out.append("| --- ".repeat(22)).append("|\n");
    r.sweeps.values().forEach(sweep -> sweep.forEach(m -> out.append(row(m))));
    out.append(
        "\nLatencies in ms. The relay's frame counters (`relay_frames_total` by outcome,"
            + " `relay_socket_writes_total`) over the same window: frames it did not send by its"
            + " own policy (a newer progress frame replaced a queued one, a socket's rate limit, a"
            + " full queue), which the generator counts as lost, and frames per socket write (the"
            + " writes count control frames too). Relay-side p99: the relay's own histogram"
            + " (`relay_delivery_latency_seconds`, Redis receipt to socket write completed) over the"
            + " same window, as the upper bound of the bucket holding the 99th percentile; the rest of"
            + " the end-to-end latency is spent in Redis, the kernel's socket buffers and the"
            + " generator. Cores: CPU seconds per second of the window. The machine has 2 cores;"
            + " where the machine is near 100 % busy or the generator falls behind the asked rate,"
            + " the box, not the server, set the limit.\n\n");
  }

  private static String row(Measurement m) {
    return f(
        "| %s | %s | %,.0f | %,.0f | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %.2f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.0f %% |\n",
        m.server(),
        m.label(),
        m.publishedPerSecond(),
        m.deliveredPerSecond(),
        m.lost(),
        m.reordered(),
        m.millis(50),
        m.millis(90),
        m.millis(99),
        m.millis(99.9),
        m.maxMillis(),
        bound(m.relaySideP99Millis()),
        notSent(m),
        framesPerWrite(m),
        m.usage().serverCores(),
        m.serverMicrosPerEvent(),
        m.serverKernelMicrosPerEvent(),
        m.postgresMicrosPerEvent(),
        m.usage().generatorCores(),
        m.usage().redisCores(),
        m.usage().postgresCores(),
        m.usage().busy() * 100);
  }

  private static void broadcast(StringBuilder out, Results r) {
    if (r.broadcasts.isEmpty()) {
      return;
    }
    out.append("## 2. Broadcast: one upload, every user subscribed, 20 events/s\n\n");
    out.append(
        "| server | published | delivered / expected | reordered | p50 ms | p99 ms | max ms | relay-side p99 ms | relay: frames per write | server µs/delivery | PostgreSQL µs/delivery | generator cores | machine busy |\n");
    out.append("| --- ".repeat(13)).append("|\n");
    for (Measurement m : r.broadcasts.values()) {
      out.append(
          f(
              "| %s | %,d | %,d / %,d | %,d | %.2f | %.2f | %.2f | %s | %s | %.1f | %.2f | %.2f | %.0f %% |\n",
              m.server(),
              m.published(),
              m.delivered(),
              m.expected(),
              m.reordered(),
              m.millis(50),
              m.millis(99),
              m.maxMillis(),
              bound(m.relaySideP99Millis()),
              framesPerWrite(m),
              m.serverMicrosPerEvent(),
              m.postgresMicrosPerEvent(),
              m.usage().generatorCores(),
              m.usage().busy() * 100));
    }
    out.append('\n');
    ProfileReport.renderBroadcast(out, r);
  }

  private static void atNodeFailing(StringBuilder out, Results r) {
    Measurement node = r.firstFailing("node_ws");
    if (node == null) {
      return;
    }
    out.append(
        f(
            "At node_ws's first failing step, %s (its p99 %.2f ms): each relay's sweep goes on to"
                + " that step even past its own first failure, so the two compare where node_ws"
                + " gives out.\n\n",
            node.label(), node.millis(99)));
    out.append(
        "| server | p99 ms | × node_ws | lost | relay: coalesced / rate-limited / dropped"
            + " | reordered | server µs/event |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (String server : r.sweeps.keySet()) {
      Measurement m = r.sweepStep(server, node.rate());
      if (m == null) {
        out.append(f("| %s | not measured | – | – | – | – | – |\n", server));
        continue;
      }
      out.append(
          f(
              "| %s | %.2f | %.2f | %,d | %s | %,d | %.1f |\n",
              server,
              m.millis(99),
              m.millis(99) / node.millis(99),
              m.lost(),
              notSent(m),
              m.reordered(),
              m.serverMicrosPerEvent()));
    }
    out.append('\n');
  }

  private static void slowReaders(StringBuilder out, Results r) {
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
              notSent(m),
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

  private static void idle(StringBuilder out, Results r) {
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
              kib(i.heapKibPerConnection()),
              kib(i.marginalHeapKibPerConnection())));
    }
    out.append('\n');
  }

  /** The relay's frames not sent by its policy in a window, or "–" for a peer. */
  static String notSent(Measurement m) {
    var frames = m.relayFrames();
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

  private static void history(StringBuilder out, Results r) {
    List<String> relays = ServerSpecs.RELAYS.stream().filter(r.sweeps::containsKey).toList();
    if (relays.size() < 2) {
      return;
    }
    out.append("## 5. Delivery history `all`, `terminal` and `off`\n\n");
    out.append("Sustained 1:1 rate:");
    relays.forEach(s -> out.append(f(" %s %,d/s;", s, r.sustained(s))));
    out.append(
        " node_ws "
            + f("%,d/s", r.sustained("node_ws"))
            + ". Per step: p99 ms / server µs per event / PostgreSQL µs per event.\n\n");
    out.append("| rate |");
    relays.forEach(s -> out.append(' ').append(s).append(" |"));
    out.append(" node_ws |\n| --- |");
    relays.forEach(s -> out.append(" --- |"));
    out.append(" --- |\n");
    for (Measurement all : r.sweeps.get(relays.get(0))) {
      out.append("| ").append(all.label()).append(" |");
      for (String server : relays) {
        out.append(' ').append(triple(r.sweepStep(server, all.rate()))).append(" |");
      }
      out.append(' ').append(triple(r.sweepStep("node_ws", all.rate()))).append(" |\n");
    }
    out.append('\n');
  }

  private static String triple(Measurement m) {
    return m == null
        ? "–"
        : f(
            "%.2f / %.1f / %.1f",
            m.millis(99), m.serverMicrosPerEvent(), m.postgresMicrosPerEvent());
  }

  private static void connects(StringBuilder out, Results r) {
    if (r.connects.isEmpty()) {
      return;
    }
    out.append(
        "## 7. Connect path: 500 connects, authentications and closes per second, nothing"
            + " published\n\n");
    out.append(
        "The 1:1 setting's 1,000 sockets stay open and idle; connections of 1,000 other users (in"
            + " turn) open, authenticate with the first-message token and close. Server CPU over"
            + " the window, less its idle CPU over as long (read just before), per completed"
            + " cycle; PostgreSQL's likewise.\n\n");
    out.append(
        "| server | cycles done / failed | connect+auth p50 | p99 | server µs per cycle | ×"
            + " node_ws | PostgreSQL µs per cycle | server idle cores |\n");
    out.append("| --- ".repeat(8)).append("|\n");
    Connects.Outcome node = r.connects.get("node_ws");
    for (Connects.Outcome c : r.connects.values()) {
      out.append(
          f(
              "| %s | %,d / %,d | %.1f ms | %.1f ms | %,.1f | %s | %,.1f | %.3f |\n",
              c.server(),
              c.completed(),
              c.failed(),
              c.connectMicros().getValueAtPercentile(50) / 1000.0,
              c.connectMicros().getValueAtPercentile(99) / 1000.0,
              c.serverMicrosPerConnect(),
              node == null
                  ? "–"
                  : f("%.2f", c.serverMicrosPerConnect() / node.serverMicrosPerConnect()),
              c.postgresMicrosPerConnect(),
              c.idle().serverCores()));
    }
    out.append('\n');
  }

  private static void churn(StringBuilder out, Results r) {
    if (r.churn.isEmpty()) {
      return;
    }
    out.append(
        "## 6. Churn: 500 connects and disconnects per second at half the sustained rate\n\n");
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

  private static void jvm(StringBuilder out, Results r) {
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
              kib(v.idle().heapKibPerConnection()),
              kib(v.idle().marginalHeapKibPerConnection())));
    }
    out.append('\n');
  }

  private static String ratio(int a, int b) {
    return b == 0 ? "–" : f("%.2f", (double) a / b);
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
