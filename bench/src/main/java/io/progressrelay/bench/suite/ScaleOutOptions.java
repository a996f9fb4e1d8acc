package io.progressrelay.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code scale-out} scenario's settings: its own options, the rest handed to the suite's
 * ({@code --seconds}, {@code --warm-up}, {@code --results}, {@code --port-offset}, {@code
 * --relay-jvm}, {@code --relay-env}, {@code --peers}...). {@code clusterRelayJar} (null: the
 * suite's) is the relay the {@code cluster} mode runs, for a cluster mode not yet on the branch
 * measured.
 */
record ScaleOutOptions(
    List<String> modes,
    int maxInstances,
    int usersPerInstance,
    int ratePerInstance,
    String historyLevel,
    boolean reference,
    Map<String, String> clusterSettings,
    Path clusterRelayJar,
    SuiteOptions suite) {

  /** The modes the scenario knows; {@code cluster} needs the relay's sharded cluster mode. */
  static final List<String> MODES = List.of("pattern", "interest", "cluster");

  /** Where a cluster's node list ({@code host:port,...}) goes in {@code --cluster-env} values. */
  static final String NODES = "{nodes}";

  static ScaleOutOptions parse(String[] args) {
    List<String> modes = List.of("pattern", "interest");
    int instances = 4;
    int users = 500;
    int rate = 2_000;
    String history = "terminal";
    boolean reference = true;
    Map<String, String> cluster = new LinkedHashMap<>();
    cluster.put("RELAY_REDIS_MODE", "cluster");
    cluster.put("RELAY_REDIS_SUBSCRIPTIONS", "interest"); // sharded pub/sub has no patterns
    cluster.put("RELAY_REDIS_CLUSTER_NODES", NODES);
    Path clusterJar = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--modes" -> modes = modes(value);
        case "--instances" -> instances = positive("--instances", value);
        case "--users-per-instance" -> users = positive("--users-per-instance", value);
        case "--rate-per-instance" -> rate = positive("--rate-per-instance", value);
        case "--history-level" -> history = value;
        case "--cluster-relay-jar" -> clusterJar = Path.of(value);
        case "--no-reference" -> {
          reference = false;
          i--;
        }
        case "--cluster-env" -> {
          cluster.clear();
          for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
              throw new IllegalArgumentException("--cluster-env wants KEY=VALUE, got " + pair);
            }
            cluster.put(pair.substring(0, equals), pair.substring(equals + 1));
          }
        }
        default -> {
          rest.add(args[i]);
          if (args[i].equals("--quick")) {
            i--;
          } else {
            rest.add(value);
          }
        }
      }
      i++;
    }
    return new ScaleOutOptions(
        modes,
        instances,
        users,
        rate,
        history,
        reference,
        Map.copyOf(cluster),
        clusterJar,
        SuiteOptions.parse(rest.toArray(String[]::new)));
  }

  /** The suite's settings for the relays of {@code mode}. */
  SuiteOptions suiteFor(String mode) {
    return mode.equals("cluster") && clusterRelayJar != null
        ? suite.withRelayJar(clusterRelayJar)
        : suite;
  }

  private static List<String> modes(String names) {
    List<String> modes = Arrays.asList(names.split(","));
    for (String mode : modes) {
      if (!MODES.contains(mode)) {
        throw new IllegalArgumentException("unknown mode " + mode + "; the modes are " + MODES);
      }
    }
    return List.copyOf(modes);
  }

  private static int positive(String option, String value) {
    int number = Integer.parseInt(value);
    if (number < 1) {
      throw new IllegalArgumentException(option + " wants a positive number, got " + value);
    }
    return number;
  }
}
