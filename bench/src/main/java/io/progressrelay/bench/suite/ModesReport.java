package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report's section on the relay's other ingestion mode and transport: {@code relay_streams}
 * (events read from a Redis stream) and {@code relay_sse} (clients on Server-Sent Events), each
 * against {@code relay} (pub/sub, WebSocket) in the same run: rate, p99 and CPU per event.
 */
final class ModesReport {
  /** The variants, each with what it changes against {@code relay}. */
  private static final Map<String, String> VARIANTS =
      Map.of(
          "relay_streams",
          "ingestion: Redis stream (`RELAY_INGEST=streams`), WebSocket",
          ServerSpecs.SSE,
          "transport: Server-Sent Events (`GET /api/events`), pub/sub");

  private static final List<String> ORDER = List.of("relay_streams", ServerSpecs.SSE);

  static void render(StringBuilder out, Results r) {
    List<String> variants = ORDER.stream().filter(r.sweeps::containsKey).toList();
    if (variants.isEmpty() || !r.sweeps.containsKey("relay")) {
      return;
    }
    out.append("## Ingestion mode and transport, against `relay` in the same run\n\n");
    out.append(
        "`relay` reads Redis pub/sub and serves WebSockets (history `all`); each variant changes"
            + " one of the two and nothing else. `relay_sse`'s clients read `GET /api/events` with"
            + " Jetty's HTTP client (one selector for all streams, the body read on demand) and"
            + " subscribe with `POST /api/uploads/{id}/subscription`; its frames are progress-relay.v3"
            + " envelopes (`relay`'s clients speak v1), and the latest state the relay replays after"
            + " a subscription is not counted. × is against `relay`.\n\n");
    int rate = Suite.PROFILED_RATE;
    out.append(
        f(
            "| server | what differs | sustained 1:1 rate | p99 at %,d/s | server µs/event at %,d/s"
                + " | PostgreSQL µs/event | broadcast p99 | server µs/delivery | connect+auth+close µs"
                + " | idle KiB per connection |\n",
            rate, rate));
    out.append("| --- ".repeat(10)).append("|\n");
    row(out, r, "relay", "pub/sub, WebSocket (the baseline)");
    for (String variant : variants) {
      row(out, r, variant, VARIANTS.get(variant));
    }
    out.append("\nPer 1:1 step: p99 ms / server µs per event (× `relay`'s):\n\n");
    out.append("| rate | relay |");
    variants.forEach(v -> out.append(' ').append(v).append(" |"));
    out.append("\n| --- | --- |");
    variants.forEach(v -> out.append(" --- |"));
    out.append('\n');
    for (Measurement base : r.sweeps.get("relay")) {
      out.append(f("| %s | %s |", base.label(), pair(base, null)));
      for (String variant : variants) {
        out.append(' ').append(pair(r.sweepStep(variant, base.rate()), base)).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, Results r, String server, String what) {
    Measurement step = r.sweepStep(server, Suite.PROFILED_RATE);
    Measurement baseStep = r.sweepStep("relay", Suite.PROFILED_RATE);
    Measurement broadcast = r.broadcasts.get(server);
    Measurement baseBroadcast = r.broadcasts.get("relay");
    boolean base = server.equals("relay");
    out.append(
        f(
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            server,
            what,
            r.sweeps.containsKey(server)
                ? f("%,d/s", r.sustained(server))
                    + (base ? "" : times(r.sustained(server), r.sustained("relay")))
                : "–",
            figure(step, baseStep, base, m -> m.millis(99), "%.2f ms"),
            figure(step, baseStep, base, Measurement::serverMicrosPerEvent, "%.1f"),
            figure(step, null, true, Measurement::postgresMicrosPerEvent, "%.1f"),
            figure(broadcast, baseBroadcast, base, m -> m.millis(99), "%.2f ms"),
            figure(broadcast, baseBroadcast, base, Measurement::serverMicrosPerEvent, "%.1f"),
            r.connects.containsKey(server)
                ? f("%.0f", r.connects.get(server).serverMicrosPerConnect())
                : "–",
            r.idle.containsKey(server) ? f("%.1f", r.idle.get(server).kibPerConnection()) : "–"));
  }

  private static String figure(
      Measurement m,
      Measurement base,
      boolean isBase,
      Function<Measurement, Double> value,
      String format) {
    if (m == null) {
      return "–";
    }
    double figure = value.apply(m);
    return f(format, figure) + (isBase || base == null ? "" : times(figure, value.apply(base)));
  }

  private static String pair(Measurement m, Measurement base) {
    if (m == null) {
      return "–";
    }
    String text =
        f(
            "%.2f / %.1f%s",
            m.millis(99), m.serverMicrosPerEvent(), m.lost() + m.reordered() > 0 ? " lost" : "");
    return base == null
        ? text
        : text + times(m.serverMicrosPerEvent(), base.serverMicrosPerEvent());
  }

  private static String times(double figure, double base) {
    return base > 0 && !Double.isNaN(figure) ? f(" (%.2f×)", figure / base) : "";
  }

  private ModesReport() {}
}
