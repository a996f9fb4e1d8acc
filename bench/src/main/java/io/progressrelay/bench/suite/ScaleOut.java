package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.ProcStats;
import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RedisCluster;
import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code scale-out} scenario: 1, 2, ... relay processes side by side on one Redis (or a Redis
 * Cluster the scenario starts), each with the same number of users and the load growing with them,
 * in each subscription mode; measures each instance's Redis ingress, CPU per delivered event and
 * p99, and writes {@code <results>/<date>-scale-out.md}.
 */
public final class ScaleOut {
  private static final int FIRST_PORT = 7211;

  public static void main(String[] args) throws Exception {
    var options = ScaleOutOptions.parse(args);
    var tokens = new Tokens(SuiteOptions.SECRET);
    Path logs = Path.of("bench/target/logs");
    Files.createDirectories(logs);
    String run = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
    Map<String, List<ScaleOutReading>> readings = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    if (options.reference()) {
      measure("node_ws", options, tokens, run, logs, readings, failures);
    }
    for (String mode : options.modes()) {
      measure(mode, options, tokens, run, logs, readings, failures);
    }
    Files.createDirectories(options.suite().results());
    Path report = options.suite().results().resolve(LocalDate.now() + "-scale-out.md");
    Files.writeString(report, ScaleOutReport.render(options, readings, failures));
    System.out.println("report written to " + report);
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static void measure(
      String mode,
      ScaleOutOptions options,
      Tokens tokens,
      String run,
      Path logs,
      Map<String, List<ScaleOutReading>> readings,
      Map<String, String> failures) {
    List<ScaleOutReading> steps = new ArrayList<>();
    readings.put(mode, steps);
    try {
      steps(mode, options, tokens, run + mode.charAt(0), logs, steps);
    } catch (Exception e) {
      failures.put(mode, e.toString());
      Progress.note("scale-out " + mode, "FAILED: " + e);
    }
  }

  // One step per instance count: the next instance started with its users, then a warm-up and
  // a measured window at instances × the rate per instance, round-robin over every user's upload.
  // Steps measured before a failure stay in steps.
  private static void steps(
      String mode,
      ScaleOutOptions options,
      Tokens tokens,
      String tag,
      Path logs,
      List<ScaleOutReading> steps)
      throws Exception {
    boolean reference = mode.equals("node_ws");
    int maxInstances = reference ? 1 : options.maxInstances();
    int perInstance = options.usersPerInstance();
    String[] users = new String[maxInstances * perInstance];
    String[] uploads = new String[users.length];
    for (int i = 0; i < users.length; i++) {
      users[i] = "u" + tag + "-" + i;
      uploads[i] = "up" + tag + "-" + i;
    }
    SuiteOptions suite = options.suite();
    List<ScaleOutInstance> running = new ArrayList<>();
    try (var cluster = mode.equals("cluster") ? RedisCluster.start() : null;
        var publisher = publisher(suite, uploads, cluster)) {
      try {
        for (int n = 1; n <= maxInstances; n++) {
          int from = (n - 1) * perInstance;
          Server.ServerSpec spec = spec(mode, n, options, cluster);
          running.add(
              ScaleOutInstance.start(
                  spec,
                  logs,
                  suite,
                  tokens,
                  Arrays.copyOfRange(users, from, from + perInstance),
                  Arrays.copyOfRange(uploads, from, from + perInstance),
                  from));
          publisher.toFirst(n * perInstance);
          ScaleOutStep.probe(running, publisher, mode);
          int rate = n * options.ratePerInstance();
          ScaleOutStep.warmUp(running, publisher, rate, suite.warmUpSeconds());
          ScaleOutReading step =
              ScaleOutStep.measure(
                  mode, running, publisher, rate, suite.seconds(), cluster, suite.redisPort());
          steps.add(step);
          ScaleOutReport.progress(step);
        }
      } finally {
        running.forEach(ScaleOutInstance::close); // before the cluster they listen to
      }
    }
  }

  private static Publisher publisher(SuiteOptions suite, String[] uploads, RedisCluster cluster) {
    var publisher = new Publisher(suite.redisHost(), suite.redisPort(), uploads, 0, 330);
    return cluster == null ? publisher : publisher.toCluster(cluster.nodes());
  }

  private static Server.ServerSpec spec(
      String mode, int instance, ScaleOutOptions options, RedisCluster cluster) {
    if (mode.equals("node_ws")) {
      return ServerSpecs.of("node_ws", options.suite());
    }
    Map<String, String> settings = new HashMap<>();
    if (mode.equals("cluster")) {
      options
          .clusterSettings()
          .forEach(
              (key, value) ->
                  settings.put(key, value.replace(ScaleOutOptions.NODES, cluster.nodes())));
    } else {
      settings.put("RELAY_REDIS_SUBSCRIPTIONS", mode);
    }
    return ServerSpecs.relayInstance(
        "relay-" + mode + "-" + instance,
        options.suiteFor(mode),
        options.historyLevel(),
        FIRST_PORT + instance - 1,
        settings);
  }

  /** The machine's one-minute load average. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /** CPU time of the Redis listening on {@code port} on this machine, or 0 when not found. */
  static long redisCpuNanos(int port) {
    try (var processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(path -> commandLine(path).matches("redis-server \\S*:" + port + "\\b.*"))
          .mapToLong(
              path ->
                  Math.max(0, ProcStats.cpuNanos(Long.parseLong(path.getFileName().toString()))))
          .findFirst()
          .orElse(0);
    } catch (Exception e) {
      return 0;
    }
  }

  // Redis rewrites its command line to "redis-server <address>:<port>".
  private static String commandLine(Path process) {
    try {
      return Files.readString(process.resolve("cmdline")).replace('\0', ' ').trim();
    } catch (Exception gone) {
      return "";
    }
  }

  private ScaleOut() {}
}
