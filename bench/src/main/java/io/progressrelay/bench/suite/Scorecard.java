package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report's first table: issue 15's benchmark targets, each relay (history {@code all}, {@code
 * terminal}, {@code off}) against node_ws in the same run, with the figure, the bar it had to meet
 * and whether it did. A target whose figures are missing (scenario not run) says so.
 */
final class Scorecard {

  /** One target: the figure per server, and the bar for a relay given the run's results. */
  private record Target(
      String name,
      String bar,
      String unit,
      Function<String, Double> figure,
      Function<String, Double> limit,
      boolean atLeast) {}

  static void render(StringBuilder out, Results r) {
    List<String> relays = ServerSpecs.reportedRelays().stream().filter(s -> ran(r, s)).toList();
    if (relays.isEmpty()) {
      return;
    }
    out.append("## Issue 15's targets, in this run\n\n");
    out.append("| target | bar |");
    relays.forEach(s -> out.append(' ').append(s).append(" |"));
    out.append(" node_ws |\n| --- | --- |");
    relays.forEach(s -> out.append(" --- |"));
    out.append(" --- |\n");
    for (Target target : targets(r)) {
      out.append(f("| %s | %s |", target.name(), target.bar()));
      for (String relay : relays) {
        out.append(' ').append(cell(target, relay)).append(" |");
      }
      Double node = target.figure().apply("node_ws");
      out.append(' ').append(value(node, target.unit())).append(" |\n");
    }
    out.append(
        "\n\"met\" or \"missed\" against the bar, figures from the sections below; \"–\" where a"
            + " scenario did not run for that server.\n\n");
  }

  private static boolean ran(Results r, String server) {
    return r.sweeps.containsKey(server)
        || r.broadcasts.containsKey(server)
        || r.slowReaders.containsKey(server)
        || r.idle.containsKey(server)
        || r.churn.containsKey(server)
        || r.connects.containsKey(server);
  }

  private static List<Target> targets(Results r) {
    Map<String, SlowReaders.Outcome> slow = r.slowReaders;
    List<Target> targets = new ArrayList<>();
    Function<String, Double> afterStall =
        s -> slow.containsKey(s) ? SlowReaders.Outcome.p99(slow.get(s).afterStall()) : null;
    targets.add(
        new Target(
            "slow readers: healthy p99 after the stall",
            "≤ node_ws's",
            "ms",
            afterStall,
            s -> afterStall.apply("node_ws"),
            false));
    targets.add(
        new Target(
            "slow readers: healthy p99 after ÷ before the stall",
            "≤ 1.5",
            "",
            s ->
                slow.containsKey(s)
                    ? SlowReaders.Outcome.p99(slow.get(s).afterStall())
                        / SlowReaders.Outcome.p99(slow.get(s).beforeStall())
                    : null,
            s -> 1.5,
            false));
    targets.add(
        new Target(
            "slow readers: healthy p99 in the first seconds after the stall",
            "reported",
            "ms",
            s -> slow.containsKey(s) ? SlowReaders.Outcome.p99(slow.get(s).firstSeconds()) : null,
            s -> null,
            false));
    Function<String, Double> cpu10k = s -> step(r, s, Suite.PROFILED_RATE, "cpu");
    targets.add(
        new Target(
            "1:1 at 10k/s: server CPU µs per delivered event",
            "≤ 0.8 × node_ws's",
            "µs",
            cpu10k,
            s -> times(cpu10k.apply("node_ws"), 0.8),
            false));
    targets.add(
        new Target(
            "1:1 at 10k/s: PostgreSQL CPU µs per delivered event",
            "reported",
            "µs",
            s -> step(r, s, Suite.PROFILED_RATE, "postgres"),
            s -> null,
            false));
    Function<String, Double> p9910k = s -> step(r, s, Suite.PROFILED_RATE, "p99");
    targets.add(
        new Target(
            "1:1 at 10k/s: p99", "≤ node_ws's", "ms", p9910k, s -> p9910k.apply("node_ws"), false));
    Function<String, Double> broadcast =
        s -> r.broadcasts.containsKey(s) ? r.broadcasts.get(s).millis(99) : null;
    targets.add(
        new Target(
            "broadcast 1 → 1,000: p99",
            "≤ node_ws's",
            "ms",
            broadcast,
            s -> broadcast.apply("node_ws"),
            false));
    targets.add(
        new Target(
            "broadcast: PostgreSQL CPU µs per delivery",
            "≤ 2",
            "µs",
            s -> r.broadcasts.containsKey(s) ? r.broadcasts.get(s).postgresMicrosPerEvent() : null,
            s -> 2.0,
            false));
    Function<String, Double> churn =
        s -> r.churn.containsKey(s) ? r.churn.get(s).churning().millis(99) : null;
    targets.add(
        new Target(
            "churn: streaming p99",
            "≤ 2 × node_ws's",
            "ms",
            churn,
            s -> times(churn.apply("node_ws"), 2),
            false));
    Function<String, Double> sustained =
        s -> r.sweeps.containsKey(s) ? (double) r.sustained(s) : null;
    targets.add(
        new Target(
            "sustained 1:1 rate",
            "≥ node_ws's",
            "/s",
            sustained,
            s -> sustained.apply("node_ws"),
            true));
    Measurement nodeFailing = r.firstFailing("node_ws");
    Function<String, Double> atNodeFailing =
        s -> nodeFailing == null ? null : step(r, s, nodeFailing.rate(), "p99");
    targets.add(
        new Target(
            nodeFailing == null
                ? "p99 at node_ws's first failing step (none failed)"
                : f("p99 at node_ws's first failing step, %s", nodeFailing.label()),
            "≤ 2 × node_ws's",
            "ms",
            atNodeFailing,
            s -> times(atNodeFailing.apply("node_ws"), 2),
            false));
    Function<String, Double> idle =
        s -> r.idle.containsKey(s) ? r.idle.get(s).kibPerConnection() : null;
    targets.add(
        new Target(
            "idle: resident KiB per socket",
            "≤ node_ws's",
            "KiB",
            idle,
            s -> idle.apply("node_ws"),
            false));
    Function<String, Double> connect =
        s -> r.connects.containsKey(s) ? r.connects.get(s).serverMicrosPerConnect() : null;
    targets.add(
        new Target(
            "connect+auth+close: server CPU µs per cycle",
            "reported beside node_ws's",
            "µs",
            connect,
            s -> null,
            false));
    return targets;
  }

  private static Double step(Results r, String server, int rate, String what) {
    Measurement m = r.sweepStep(server, rate);
    if (m == null) {
      return null;
    }
    return switch (what) {
      case "cpu" -> m.serverMicrosPerEvent();
      case "postgres" -> m.postgresMicrosPerEvent();
      default -> m.millis(99);
    };
  }

  private static Double times(Double value, double factor) {
    return value == null ? null : value * factor;
  }

  private static String cell(Target target, String relay) {
    Double figure = target.figure().apply(relay);
    if (figure == null || figure.isNaN()) {
      return "–";
    }
    Double limit = target.limit().apply(relay);
    if (limit == null || limit.isNaN()) {
      return value(figure, target.unit());
    }
    boolean met = target.atLeast() ? figure >= limit : figure <= limit;
    return value(figure, target.unit()) + (met ? " met" : " **missed**");
  }

  private static String value(Double figure, String unit) {
    if (figure == null || figure.isNaN()) {
      return "–";
    }
    if (unit.equals("/s")) {
      return f("%,.0f/s", figure);
    }
    String number = figure >= 100 ? f("%,.0f", figure) : f("%.2f", figure);
    return unit.isEmpty() ? number : number + " " + unit;
  }

  private Scorecard() {}
}
