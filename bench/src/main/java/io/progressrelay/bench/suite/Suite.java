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
      if (SuiteOptions.PER_SERVER.stream().noneMatch(scenario -> options.runs(scenario, name))) {
        continue;
      }
      try {
        measureServer(name, options, tokens, results, run, logs);
      } catch (Exception e) {
        results.failures.put(name, e.toString());
        Progress.note(name, "FAILED: " + e);
      }
    }
    if (options.servers().stream().anyMatch(ServerSpecs::isRelay) && options.runs("jvm")) {
      results.jvmVariants = JvmVariants.run(options, tokens, run, logs, results.failures);
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
    for (var soak : results.soaks.values()) {
      Files.writeString(
          options.results().resolve(SoakReport.csvName(date, soak.server())),
          SoakSamples.csv(soak.samples()));
    }
    System.out.println("report written to " + report + " and " + plot);
    System.exit(results.failures.isEmpty() ? 0 : 1);
  }

  private static void measureServer(
      String name, SuiteOptions options, Tokens tokens, Results results, String run, Path logs)
      throws Exception {
    String tag = run + name.replace("_", "");
    var spec = ServerSpecs.of(name, options);
    boolean onFleet =
        SuiteOptions.PER_SERVER.stream()
            .filter(scenario -> !scenario.equals("idle"))
            .anyMatch(scenario -> options.runs(scenario, name));
    if (onFleet) {
      measureOnFleet(name, spec, options, tokens, results, tag, logs);
    }
    if (!options.runs("idle", name)) {
      return;
    }
    try (var server = Server.start(spec, logs)) {
      results.idle.put(name, Idle.run(server, options, tokens, tag + "i"));
    }
  }

  // Every scenario but idle runs on one server and its 1:1 fleet, one after the other.
  private static void measureOnFleet(
      String name,
      Server.ServerSpec spec,
      SuiteOptions options,
      Tokens tokens,
      Results results,
      String tag,
      Path logs)
      throws Exception {
    boolean relay = ServerSpecs.isRelay(name);
    try (var server = Server.start(spec, logs);
        var setting = OneToOne.open(server, options, tokens, tag, options.users())) {
      Progress.note(name, "started, " + options.users() + " clients connected and subscribed");
      setting.warmUp(2_000, options.warmUpSeconds());
      if (options.runs("sweep", name)) {
        sweep(name, setting, options, results);
      }
      if (options.runs("profile") && relay) {
        results.profiles.put(name, ProfiledStep.run(setting, options, PROFILED_RATE, logs));
      }
      if (options.runs("broadcast", name)) {
        results.broadcasts.put(name, Broadcast.run(setting, options, tokens, tag));
        if (options.runs("profile") && relay) {
          results.broadcastProfiles.put(
              name, profiledBroadcast(setting, options, tokens, tag, logs));
        }
      }
      if (spec.protocol() == Server.Protocol.SOCKET_IO) {
        return; // the socket.io client cannot stall a socket; the peers' README leaves it out too
      }
      if (options.runs("churn", name)) {
        // Every server at the same rate where node_ws ran first: half of node_ws's sustained one.
        int sustained =
            results.sweeps.containsKey("node_ws")
                ? results.sustained("node_ws")
                : results.sustained(name);
        int half = Math.max(500, sustained / 2);
        results.churn.put(name, Churn.run(setting, options, tokens, tag, half));
      }
      if (options.runs("connect", name)) {
        results.connects.put(name, Connects.run(setting, options, tokens, tag));
      }
      if (options.runs("soak", name)) {
        results.soaks.put(
            name, Soak.run(setting, options, tokens, tag, soakRate(options, results)));
      }
      // Last: it leaves one client in twenty stalled for good.
      if (options.runs("slow-readers", name)) {
        results.slowReaders.put(name, SlowReaders.run(setting, options, tokens, tag));
      }
    }
  }

  // --soak-rate, or else half node_ws's sustained rate, the same for every server.
  private static int soakRate(SuiteOptions options, Results results) {
    if (options.soakRate() > 0) {
      return options.soakRate();
    }
    int sustained = results.sustained("node_ws");
    if (sustained == 0) {
      throw new IllegalStateException(
          "soak: node_ws's sweep "
              + (results.sweeps.containsKey("node_ws") ? "sustained no rate" : "did not run")
              + ", so there is no rate to soak at; give --soak-rate");
    }
    return sustained / 2;
  }

  // The relay with history `all` also has PostgreSQL's counters read around its sweep; every relay
  // goes on past its first failing step to node_ws's, when node_ws ran first.
  private static void sweep(String name, OneToOne setting, SuiteOptions options, Results results) {
    boolean counted = name.equals("relay");
    QueryCounter.Reading queriesBefore = counted ? QueryCounter.read(options.databaseUrl()) : null;
    Measurement nodeFailing = results.firstFailing("node_ws");
    int compareUpTo = ServerSpecs.isRelay(name) && nodeFailing != null ? nodeFailing.rate() : 0;
    List<Measurement> sweep = Sweep.run(setting, options, "sweep", compareUpTo);
    results.sweeps.put(name, sweep);
    if (counted) {
      results.relayQueries = QueryCounter.read(options.databaseUrl()).minus(queriesBefore);
      results.relayQueryEvents = sweep.stream().mapToLong(Measurement::delivered).sum();
    }
  }

  private static ProfiledStep.Outcome profiledBroadcast(
      OneToOne setting, SuiteOptions options, Tokens tokens, String tag, Path logs)
      throws Exception {
    return ProfiledStep.run(
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

  private Suite() {}
}
