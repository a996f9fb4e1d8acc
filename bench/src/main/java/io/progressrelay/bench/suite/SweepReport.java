package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.List;

/**
 * The report's 1:1 sections: sustained rates, the step where node_ws fails, every step, and the
 * history levels side by side.
 */
final class SweepReport {

  static void sustained(StringBuilder out, Results r) {
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
              Report.notSent(m),
              m.reordered(),
              m.serverMicrosPerEvent()));
    }
    out.append('\n');
  }

  static void sweepDetails(StringBuilder out, Results r) {
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
        Report.bound(m.relaySideP99Millis()),
        Report.notSent(m),
        Report.framesPerWrite(m),
        m.usage().serverCores(),
        m.serverMicrosPerEvent(),
        m.serverKernelMicrosPerEvent(),
        m.postgresMicrosPerEvent(),
        m.usage().generatorCores(),
        m.usage().redisCores(),
        m.usage().postgresCores(),
        m.usage().busy() * 100);
  }

  static void history(StringBuilder out, Results r) {
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

  private static String ratio(int a, int b) {
    return b == 0 ? "–" : f("%.2f", (double) a / b);
  }

  private SweepReport() {}
}
