package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVM settings that matter, measured rather than assumed: the relay (history {@code all}, built
 * for Java 17) under Java 17's default and the suite's garbage collector, and under Java 25 with
 * the Parallel collector, generational ZGC (on 25 ZGC is generational only) and compact object
 * headers; at 10,000 and 20,000 events/s (1:1), and its memory per idle connection. Java 25 is
 * found as {@code BENCH_JAVA25_HOME}, else the first JDK 25 under {@code /usr/lib/jvm}; without
 * one, its rows are left out and the report says so.
 */
final class JvmVariants {
  /** One way of starting the relay's JVM; {@code java25} runs it on Java 25. */
  record Variant(String name, boolean java25, List<String> options) {}

  private static final List<String> HEAP = List.of("-Xms256m", "-Xmx512m");
  private static final String COMPACT_HEADERS = "-XX:+UseCompactObjectHeaders";

  static final List<Variant> VARIANTS =
      List.of(
          new Variant("Java 17, G1 (JVM default)", false, with("-XX:+UseG1GC")),
          new Variant("Java 17, Parallel (the suite's)", false, with("-XX:+UseParallelGC")),
          new Variant("Java 25, Parallel", true, with("-XX:+UseParallelGC")),
          new Variant(
              "Java 25, Parallel, compact object headers",
              true,
              with("-XX:+UseParallelGC", COMPACT_HEADERS)),
          new Variant("Java 25, generational ZGC", true, with("-XX:+UseZGC")),
          new Variant(
              "Java 25, generational ZGC, compact object headers",
              true,
              with("-XX:+UseZGC", COMPACT_HEADERS)));

  /** One variant's figures. */
  record Outcome(
      String variant, List<String> options, List<Measurement> steps, Idle.Outcome idle) {}

  /** Runs each chosen variant; one that fails is noted in {@code failures} and the rest go on. */
  static List<Outcome> run(
      SuiteOptions options, Tokens tokens, String run, Path logs, Map<String, String> failures) {
    Optional<Path> java25 = java25();
    if (java25.isEmpty()) {
      Progress.note("relay JVM variants", "no Java 25 found: its rows are left out");
    }
    List<Outcome> outcomes = new ArrayList<>();
    int index = 0;
    for (int number = 1; number <= VARIANTS.size(); number++) {
      Variant variant = VARIANTS.get(number - 1);
      boolean chosen = options.jvmVariants().isEmpty() || options.jvmVariants().contains(number);
      if (!chosen || (variant.java25() && java25.isEmpty())) {
        continue;
      }
      Path javaHome = variant.java25() ? java25.get() : options.relayJavaHome();
      var variantOptions = options.withRelayJvm(javaHome, variant.options());
      var relay = ServerSpecs.of("relay", variantOptions);
      // Its own name, so that each variant keeps its own log.
      var spec =
          new Server.ServerSpec(
              "relay-jvm" + number,
              relay.protocol(),
              relay.port(),
              relay.directory(),
              relay.command(),
              relay.environment(),
              relay.checksOwnership());
      String tag = run + "jvm" + index++;
      try {
        outcomes.add(measure(variant, spec, variantOptions, tokens, tag, logs));
      } catch (Exception e) {
        failures.put("relay JVM variant " + variant.name(), e.toString());
        Progress.note(spec.name(), "FAILED: " + e);
      }
    }
    return outcomes;
  }

  private static Outcome measure(
      Variant variant,
      Server.ServerSpec spec,
      SuiteOptions variantOptions,
      Tokens tokens,
      String tag,
      Path logs)
      throws Exception {
    List<Measurement> steps = new ArrayList<>();
    try (var server = Server.start(spec, logs);
        var setting = OneToOne.open(server, variantOptions, tokens, tag, variantOptions.users())) {
      // Longer than the sweep's warm-up: this relay has not run at these rates yet (JIT).
      setting.warmUp(10_000, Math.max(3, variantOptions.warmUpSeconds() * 2));
      for (int rate : new int[] {10_000, 20_000}) {
        Measurement m =
            setting.measure("jvm " + variant.name(), rate + "/s", rate, variantOptions.seconds());
        Progress.print(m);
        steps.add(m);
      }
    }
    Idle.Outcome idle;
    try (var server = Server.start(spec, logs)) {
      idle = Idle.run(server, variantOptions, tokens, tag + "i");
    }
    return new Outcome(variant.name(), variant.options(), steps, idle);
  }

  /** Java 25's home: {@code BENCH_JAVA25_HOME}, else the first JDK 25 under /usr/lib/jvm. */
  static Optional<Path> java25() {
    String configured = System.getenv("BENCH_JAVA25_HOME");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      return jdks.filter(JvmVariants::isJava25)
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .sorted()
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isJava25(Path home) {
    try {
      return Files.readAllLines(home.resolve("release")).stream()
          .anyMatch(line -> line.startsWith("JAVA_VERSION=\"25"));
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> with(String... flags) {
    List<String> all = new ArrayList<>(HEAP);
    all.addAll(List.of(flags));
    return List.copyOf(all);
  }

  private JvmVariants() {}
}
