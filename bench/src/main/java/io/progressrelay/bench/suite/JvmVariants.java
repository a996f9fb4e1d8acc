package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM settings that matter, measured rather than assumed: the relay under each garbage
 * collector, and without tiered compilation, at 10,000 and 20,000 events/s (1:1), and its memory
 * per idle connection.
 */
final class JvmVariants {
  /** One way of starting the relay's JVM. */
  record Variant(String name, List<String> options) {}

  static final List<Variant> VARIANTS =
      List.of(
          new Variant("G1 (JVM default)", List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC")),
          new Variant("Parallel", List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC")),
          new Variant("Serial", List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC")),
          // C2 only: no C1 tier compiling with profiles first, so less JIT work, later.
          new Variant(
              "Parallel, C2 only (`-XX:-TieredCompilation`)",
              List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC", "-XX:-TieredCompilation")));

  /** One variant's figures. */
  record Outcome(String variant, List<Measurement> steps, Idle.Outcome idle) {}

  static List<Outcome> run(SuiteOptions options, Tokens tokens, String run, Path logs)
      throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    int index = 0;
    for (Variant variant : VARIANTS) {
      var variantOptions = options.withRelayJvmOptions(variant.options());
      var spec = ServerSpecs.of("relay", variantOptions, "all");
      String tag = run + "jvm" + index++;
      List<Measurement> steps = new ArrayList<>();
      try (var server = Server.start(spec, logs);
          var setting = OneToOne.open(server, variantOptions, tokens, tag, options.users())) {
        // Longer than the sweep's warm-up: this relay has not run at these rates yet (JIT).
        setting.warmUp(10_000, Math.max(3, options.warmUpSeconds() * 2));
        for (int rate : new int[] {10_000, 20_000}) {
          Measurement m =
              setting.measure("jvm " + variant.name(), rate + "/s", rate, options.seconds());
          Progress.print(m);
          steps.add(m);
        }
      }
      Idle.Outcome idle;
      try (var server = Server.start(spec, logs)) {
        idle = Idle.run(server, variantOptions, tokens, tag + "i");
      }
      outcomes.add(new Outcome(variant.name(), steps, idle));
    }
    return outcomes;
  }

  private JvmVariants() {}
}
