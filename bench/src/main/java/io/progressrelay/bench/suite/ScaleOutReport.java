package io.progressrelay.bench.suite;

import static io.progressrelay.bench.suite.Report.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code scale-out} scenario's report: per instance and per step, a summary per mode, and the
 * per-event costs fitted from them with what they imply for instances on machines of their own.
 */
final class ScaleOutReport {

  static String render(
      ScaleOutOptions options,
      Map<String, List<ScaleOutReading>> readings,
      Map<String, String> failures) {
    var out =
        new StringBuilder("# Scale-out: 1 to ")
            .append(options.maxInstances())
            .append(" relay instances\n\n");
    out.append(Machine.describe()).append('\n');
    out.append(
        f(
            "Each instance is its own process with %,d users (one socket and one upload each, all"
                + " of a user's sockets on that instance); the publisher sends instances × %,d"
                + " events/s round-robin over every user's upload, so each instance should deliver"
                + " %,d/s whatever the count. Windows of %.0f s after %.0f s of warm-up; history"
                + " level `%s`; relay JVM `%s`. *received/s* is the instance's"
                + " `relay_redis_messages_total` (what its listener took off Redis; a relay build"
                + " without that meter falls back to `relay_events_received_total`, the events it"
                + " handed to its fan-out), *CPU/delivery*"
                + " the instance's process CPU over the window divided by the events its users"
                + " received (*net of idle*: less what it burned over 1.5 s with nothing published"
                + " just before), *p99* end to end (publish to the client's read) for its users.%n%n",
            options.usersPerInstance(),
            options.ratePerInstance(),
            options.ratePerInstance(),
            options.suite().seconds(),
            options.suite().warmUpSeconds(),
            options.historyLevel(),
            String.join(" ", options.suite().relayJvmOptions())));
    if (options.clusterRelayJar() != null && readings.containsKey("cluster")) {
      out.append(
          f(
              "The `cluster` rows ran the relay from `%s`, not this branch's.%n%n",
              options.clusterRelayJar().getFileName()));
    }
    out.append(summary(readings));
    Cost cost = Cost.fit(readings);
    if (cost != null) {
      out.append(projection(cost, options.maxInstances()));
    }
    for (var entry : readings.entrySet()) {
      if (!entry.getValue().isEmpty()) {
        out.append(perInstance(entry.getKey(), entry.getValue()));
      }
    }
    if (!failures.isEmpty()) {
      out.append("## Not measured\n\n");
      failures.forEach(
          (mode, why) -> out.append("- `").append(mode).append("`: ").append(why).append('\n'));
      out.append('\n');
    }
    return out.toString();
  }

  private static String summary(Map<String, List<ScaleOutReading>> readings) {
    var out = new StringBuilder("## Per step\n\n");
    out.append(
        "Means over the step's instances; *not received* (events the users did not get: the relay"
            + " coalesces a progress frame a newer one replaced while queued, counted per instance"
            + " below) and *reordered* summed; generator, Redis and"
            + " PostgreSQL in cores, the machine's busy share over the window and its one-minute"
            + " load average at the end.\n\n");
    out.append(
        "| mode | instances | bus events/s | delivered/s per instance | received/s per instance"
            + " | received ÷ delivered | CPU/delivery µs | net of idle µs | instance cores | worst p99"
            + " ms | not received | reordered | generator | Redis | PostgreSQL | machine busy | load avg |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (var entry : readings.entrySet()) {
      for (ScaleOutReading step : entry.getValue()) {
        var instances = step.perInstance();
        double delivered = mean(instances, ScaleOutReading.Instance::deliveredPerSecond);
        double received = mean(instances, ScaleOutReading.Instance::receivedPerSecond);
        out.append(
            f(
                "| %s | %d | %,.0f | %,.0f | %s | %s | %.1f | %.1f | %.2f | %.1f | %,d | %,d |"
                    + " %.2f | %.2f | %.2f | %.0f%% | %.1f |%n",
                entry.getKey(),
                step.instances(),
                step.publishedPerSecond(),
                delivered,
                Double.isNaN(received) ? "n/a" : f("%,.0f", received),
                Double.isNaN(received) ? "n/a" : f("%.2f", received / delivered),
                mean(instances, ScaleOutReading.Instance::cpuMicrosPerDelivery),
                mean(instances, ScaleOutReading.Instance::netCpuMicrosPerDelivery),
                mean(instances, ScaleOutReading.Instance::cores),
                instances.stream()
                    .mapToDouble(ScaleOutReading.Instance::p99Millis)
                    .max()
                    .orElse(Double.NaN),
                instances.stream().mapToLong(ScaleOutReading.Instance::lost).sum(),
                instances.stream().mapToLong(ScaleOutReading.Instance::reordered).sum(),
                step.generatorCores(),
                step.redisCores(),
                step.postgresCores(),
                step.machineBusy() * 100,
                step.loadAverage()));
      }
    }
    return out.append('\n').toString();
  }

  private static String projection(Cost cost, int instances) {
    var out = new StringBuilder("## Per-event costs and what they imply\n\n");
    out.append(
        f(
            "Least-squares fit of every relay instance's CPU net of idle over its windows (%d windows) to"
                + " *a* × delivered + *b* × received: **a = %.1f µs per delivered event** (fan-out,"
                + " frame, socket write), **b = %.1f µs per message received from Redis**"
                + " (read, parse, route lookup; an event nobody on the instance follows costs only"
                + " this). The fit's root-mean-square error is %.1f µs per delivery.%n%n",
            cost.samples(), cost.perDelivery(), cost.perReceived(), cost.rmsMicros()));
    out.append(
        "With M instances, each on a machine of its own, users spread evenly and one delivery per"
            + " event (the 1:1 setting), an instance delivers B/M of a bus of B events/s and"
            + " receives B (pattern: every instance takes the whole bus) or B/M (interest, cluster:"
            + " only its own users' channels). The bus one core per instance sustains is then"
            + " 1 / (a/M + b) in pattern mode and M / (a + b) with interest:\n\n");
    out.append(
        "| instances M | pattern: bus events/s per instance-core | interest: bus events/s"
            + " per instance-core |\n|--:|--:|--:|\n");
    for (int m = 1; m <= Math.max(instances, 8); m *= 2) {
      out.append(
          f(
              "| %d | %,.0f | %,.0f |%n",
              m,
              1e6 / (cost.perDelivery() / m + cost.perReceived()),
              m * 1e6 / (cost.perDelivery() + cost.perReceived())));
    }
    return out.append('\n').toString();
  }

  private static String perInstance(String mode, List<ScaleOutReading> steps) {
    var out = new StringBuilder("## `").append(mode).append("`, per instance\n\n");
    out.append(
        "| instances | instance | users | delivered/s | received/s | subscribed channels"
            + " | CPU/delivery µs | net of idle µs | cores | idle cores | p99 ms | not received"
            + " | of which coalesced | reordered |\n");
    out.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (ScaleOutReading step : steps) {
      for (var instance : step.perInstance()) {
        out.append(
            f(
                "| %d | %s | %,d | %,.0f | %s | %s | %.1f | %.1f | %.2f | %.2f | %.1f | %,d | %s |"
                    + " %,d |%n",
                step.instances(),
                instance.server(),
                instance.users(),
                instance.deliveredPerSecond(),
                Double.isNaN(instance.received())
                    ? "n/a"
                    : f("%,.0f", instance.receivedPerSecond()),
                Double.isNaN(instance.subscribedChannels())
                    ? "n/a"
                    : f("%,.0f", instance.subscribedChannels()),
                instance.cpuMicrosPerDelivery(),
                instance.netCpuMicrosPerDelivery(),
                instance.cores(),
                instance.idleCores(),
                instance.p99Millis(),
                instance.lost(),
                Double.isNaN(instance.received()) ? "n/a" : f("%,.0f", instance.coalesced()),
                instance.reordered()));
      }
    }
    return out.append('\n').toString();
  }

  /** One line on the terminal per step. */
  static void progress(ScaleOutReading step) {
    List<String> parts = new ArrayList<>();
    for (var instance : step.perInstance()) {
      parts.add(
          f(
              "%s got %,d/%,d recv %,.0f/s %.1f µs/ev (net %.1f) p99 %.1f ms",
              instance.server(),
              instance.delivered(),
              instance.expected(),
              instance.receivedPerSecond(),
              instance.cpuMicrosPerDelivery(),
              instance.netCpuMicrosPerDelivery(),
              instance.p99Millis()));
    }
    Progress.note(
        "scale-out " + step.mode(),
        f(
            "%d instance(s), pub %,.0f/s, gen %.2f, redis %.2f, busy %.0f%%, load %.1f: %s",
            step.instances(),
            step.publishedPerSecond(),
            step.generatorCores(),
            step.redisCores(),
            step.machineBusy() * 100,
            step.loadAverage(),
            String.join("; ", parts)));
  }

  private static double mean(
      List<ScaleOutReading.Instance> instances,
      java.util.function.ToDoubleFunction<ScaleOutReading.Instance> value) {
    return instances.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  private ScaleOutReport() {}
}
