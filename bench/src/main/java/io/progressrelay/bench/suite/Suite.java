package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Runs every scenario against Progress Relay and each peer in turn, under the same generator, Redis
 * and machine, then writes {@code bench/results/<date>.md} and the sweep's latency plot.
 */
public final class Suite {
  /** The rate of the CPU-per-event target, at which the relay is also profiled. */
  static final int PROFILED_RATE = 10_000;

  public static void main(String[] args) throws Exception {
    var options = SuiteOptions.parse(args);
    var tokens = new Tokens(SuiteOptions.SECRET);
    var results = new Results();
    results.relayJvm = String.join(" ", options.relayJvmOptions());
    Path logs = Path.of("bench/target/logs");
    Files.createDirectories(logs);
    String run = Long.toString(System.currentTimeMillis() % 100_000_000, 36);

    for (String name : options.servers()) {
      try {
        measureServer(name, options, tokens, results, run, logs);
      } catch (Exception e) {
        results.failures.put(name, e.toString());
        Progress.note(name, "FAILED: " + e);
      }
    }
    if (options.servers().contains("relay") && options.runs("history")) {
      try {
        measureHistoryOff(options, tokens, results, run, logs);
      } catch (Exception e) {
        results.failures.put("relay-history-off", e.toString());
        Progress.note("relay-history-off", "FAILED: " + e);
      }
    }
    if (options.servers().contains("relay") && options.runs("jvm")) {
      try {
        results.jvmVariants = JvmVariants.run(options, tokens, run, logs);
      } catch (Exception e) {
        results.failures.put("relay JVM variants", e.toString());
        Progress.note("relay JVM variants", "FAILED: " + e);
      }
    }
    if (options.runs("bus")) {
      results.busLimit = BusLimit.run(options, Math.min(2, options.seconds()));
    }

    Files.createDirectories(options.results());
    String date = LocalDate.now().toString();
    Path plot = options.results().resolve(date + "-sweep.png");
    LatencyPlot.write(results, plot);
    Path report = options.results().resolve(date + ".md");
    Files.writeString(report, Report.render(results, options, plot.getFileName().toString()));
    System.out.println("report written to " + report + " and " + plot);
    System.exit(results.failures.isEmpty() ? 0 : 1);
  }

  private static void measureServer(
      String name, SuiteOptions options, Tokens tokens, Results results, String run, Path logs)
      throws Exception {
    String tag = run + name.replace("_", "");
    var spec = ServerSpecs.of(name, options, "all");
    try (var server = Server.start(spec, logs);
        var setting = OneToOne.open(server, options, tokens, tag, options.users())) {
      Progress.note(name, "started, " + options.users() + " clients connected and subscribed");
      setting.warmUp(2_000, options.warmUpSeconds());
      QueryCounter.Reading queriesBefore = null;
      if (spec.checksOwnership()) {
        queriesBefore = QueryCounter.read(options.databaseUrl());
      }
      List<Measurement> sweep =
          options.runs("sweep") ? Sweep.run(setting, options, "sweep") : List.of();
      results.sweeps.put(name, sweep);
      if (queriesBefore != null) {
        results.relayQueries = QueryCounter.read(options.databaseUrl()).minus(queriesBefore);
        results.relayQueryEvents = sweep.stream().mapToLong(Measurement::delivered).sum();
      }
      if (options.runs("profile") && spec.checksOwnership()) {
        results.relayProfile = ProfiledStep.run(setting, options, PROFILED_RATE, logs);
      }
      if (options.runs("broadcast")) {
        results.broadcasts.put(name, Broadcast.run(setting, options, tokens, tag));
        if (options.runs("profile") && spec.checksOwnership()) {
          results.relayBroadcastProfile =
              ProfiledStep.run(
                  setting,
                  logs,
                  "profile-broadcast",
                  window ->
                      Broadcast.run(
                          setting,
                          options,
                          tokens,
                          tag + "p",
                          "profile broadcast",
                          1_000_001, // its own sequence numbers, apart from the broadcast's
                          window));
        }
      }
      if (spec.protocol() == Server.Protocol.SOCKET_IO) {
        return; // the socket.io client cannot stall a socket; the peers' README leaves it out too
      }
      if (options.runs("churn")) {
        int half = Math.max(500, results.sustained(name) / 2);
        results.churn.put(name, Churn.run(setting, options, tokens, tag, half));
      }
      // Last: it leaves one client in twenty stalled for good.
      if (options.runs("slow-readers")) {
        results.slowReaders.put(name, SlowReaders.run(setting, options, tokens, tag));
      }
    }
    if (!options.runs("idle")) {
      return;
    }
    try (var server = Server.start(spec, logs)) {
      results.idle.put(name, Idle.run(server, options, tokens, tag + "i"));
    }
  }

  private static void measureHistoryOff(
      SuiteOptions options, Tokens tokens, Results results, String run, Path logs)
      throws Exception {
    var spec = ServerSpecs.of("relay", options, "off");
    try (var server = Server.start(spec, logs);
        var setting = OneToOne.open(server, options, tokens, run + "off", options.users())) {
      setting.warmUp(2_000, options.warmUpSeconds());
      results.sweeps.put(spec.name(), Sweep.run(setting, options, "history-off"));
    }
  }

  private Suite() {}
}
