package io.progressrelay.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The suite's settings, from its command line; the defaults are the scenarios. */
record SuiteOptions(
    List<String> servers,
    List<String> scenarios,
    List<Integer> rates,
    double seconds,
    double warmUpSeconds,
    int users,
    int idleConnections,
    int portOffset,
    List<Integer> jvmVariants,
    Path peers,
    Path relayJar,
    Path relayJavaHome,
    List<String> relayJvmOptions,
    Map<String, String> relayEnv,
    Path results,
    String redisHost,
    int redisPort,
    String databaseUrl,
    double soakMinutes,
    int soakRate) {

  static final List<String> ALL_SCENARIOS =
      List.of(
          "sweep",
          "profile",
          "broadcast",
          "churn",
          "connect",
          "slow-readers",
          "soak",
          "idle",
          "jvm",
          "bus");

  static final String SECRET = "progress-relay-benchmark-secret-0123456789";

  /** The scenarios run against each server in turn (the others run once per suite). */
  static final List<String> PER_SERVER =
      List.of("sweep", "profile", "broadcast", "churn", "connect", "soak", "slow-readers", "idle");

  /**
   * The servers soaked: the relay as it runs by default (history {@code all}) and node_ws, half an
   * hour each; the other history levels only take load off it.
   */
  static final List<String> SOAKED = List.of("node_ws", "relay");

  /** Peers measured in the main tables only (sweep, broadcast): the issue compares with node_ws. */
  static final List<String> MAIN_TABLES_ONLY = List.of("seed_py", "socketio");

  /** The relay started by {@code javaHome}'s {@code bin/java} with {@code jvm} options. */
  SuiteOptions withRelayJvm(Path javaHome, List<String> jvm) {
    return new SuiteOptions(
        servers,
        scenarios,
        rates,
        seconds,
        warmUpSeconds,
        users,
        idleConnections,
        portOffset,
        jvmVariants,
        peers,
        relayJar,
        javaHome,
        jvm,
        relayEnv,
        results,
        redisHost,
        redisPort,
        databaseUrl,
        soakMinutes,
        soakRate);
  }

  /** The relay started from {@code jar} instead. */
  SuiteOptions withRelayJar(Path jar) {
    return new SuiteOptions(
        servers,
        scenarios,
        rates,
        seconds,
        warmUpSeconds,
        users,
        idleConnections,
        portOffset,
        jvmVariants,
        peers,
        jar,
        relayJavaHome,
        relayJvmOptions,
        relayEnv,
        results,
        redisHost,
        redisPort,
        databaseUrl,
        soakMinutes,
        soakRate);
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  /** Whether {@code server} takes part in {@code scenario}. */
  boolean runs(String scenario, String server) {
    if (scenario.equals("soak")) {
      return runs(scenario) && SOAKED.contains(server);
    }
    return runs(scenario)
        && (!MAIN_TABLES_ONLY.contains(server)
            || scenario.equals("sweep")
            || scenario.equals("broadcast"));
  }

  static SuiteOptions parse(String[] args) {
    // node_ws first: the relays' sweeps go on to its first failing step, to compare there.
    List<String> servers =
        List.of("node_ws", "relay", "relay_terminal", "relay_off", "seed_py", "socketio");
    List<String> scenarios = ALL_SCENARIOS;
    List<Integer> rates =
        List.of(1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 100_000);
    double seconds = 10;
    double warmUp = 3;
    int users = 1_000;
    int idle = 10_000;
    int portOffset = 0;
    List<Integer> jvmVariants = List.of(); // all
    Path peers = Path.of("bench/target/peers");
    Path relayJar = Path.of("bootstrap/target/progress-relay.jar");
    Path relayJava = Path.of(System.getProperty("java.home"));
    List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC"));
    Map<String, String> relayEnv = new LinkedHashMap<>();
    Path results = Path.of("bench/results");
    boolean quick = false;
    Double soakMinutes = null;
    int soakRate = 0;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--servers" -> servers = List.of(value.split(","));
        case "--scenarios" -> scenarios = scenarios(value);
        case "--rates" -> rates = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "--seconds" -> seconds = Double.parseDouble(value);
        case "--warm-up" -> warmUp = Double.parseDouble(value);
        case "--users" -> users = Integer.parseInt(value);
        case "--idle" -> idle = Integer.parseInt(value);
        case "--port-offset" -> portOffset = Integer.parseInt(value);
        case "--jvm-variants" ->
            jvmVariants = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "--peers" -> peers = Path.of(value);
        case "--relay-jar" -> relayJar = Path.of(value);
        case "--relay-java" -> relayJava = Path.of(value);
        case "--relay-jvm" -> jvm = List.of(value.trim().split("\\s+"));
        case "--relay-env" -> relayEnv.putAll(environment(value));
        case "--results" -> results = Path.of(value);
        case "--soak-minutes" -> soakMinutes = Double.parseDouble(value);
        case "--soak-rate" -> soakRate = Integer.parseInt(value);
        case "--quick" -> {
          quick = true;
          seconds = 3;
          warmUp = 1;
          idle = 2_000;
          i--;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    return new SuiteOptions(
        servers,
        scenarios,
        rates,
        seconds,
        warmUp,
        users,
        idle,
        portOffset,
        jvmVariants,
        peers,
        relayJar,
        relayJava,
        jvm,
        Map.copyOf(relayEnv),
        results,
        "127.0.0.1",
        6379,
        "jdbc:postgresql://127.0.0.1:5432/progress_relay_bench",
        soakMinutes != null ? soakMinutes : quick ? 2 : 30,
        checkedSoakRate(scenarios, servers, soakRate));
  }

  // Without --soak-rate the soak runs at half node_ws's sustained rate, which only a sweep of
  // node_ws earlier in the same suite measures: said now, not after the other servers' scenarios.
  private static int checkedSoakRate(List<String> scenarios, List<String> servers, int soakRate) {
    if (!scenarios.contains("soak") || soakRate > 0) {
      return soakRate;
    }
    boolean nodeSweepsFirst =
        scenarios.contains("sweep") && !servers.isEmpty() && servers.get(0).equals("node_ws");
    if (!nodeSweepsFirst) {
      throw new IllegalArgumentException(
          "the soak runs at half node_ws's sustained rate: run the sweep with node_ws as the first"
              + " server (--servers node_ws,... --scenarios sweep,soak), or give --soak-rate");
    }
    return 0;
  }

  private static List<String> scenarios(String names) {
    List<String> scenarios = List.of(names.split(","));
    for (String scenario : scenarios) {
      if (!ALL_SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "unknown scenario " + scenario + "; the scenarios are " + ALL_SCENARIOS);
      }
    }
    return scenarios;
  }

  // "KEY=VALUE,KEY=VALUE": settings for the relay on top of the suite's own (experiments only).
  private static Map<String, String> environment(String pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String pair : pairs.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("--relay-env wants KEY=VALUE, got " + pair);
      }
      env.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return env;
  }
}
