package io.progressrelay.bench;

import io.progressrelay.bench.suite.ScaleOut;
import io.progressrelay.bench.suite.Suite;
import java.util.Arrays;

/**
 * The benchmark jar's entry point: {@code suite} runs every scenario against Progress Relay and the
 * peers and writes the report; {@code scale-out} runs several relay instances side by side (see
 * docs/performance.md); {@code jmh} runs the hot-path microbenchmarks.
 */
public final class Bench {

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "suite" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "suite" -> Suite.main(rest);
      case "scale-out" -> ScaleOut.main(rest);
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      default -> {
        System.err.println(
            "usage: progress-relay-bench.jar [suite [options] | scale-out [options] | jmh [jmh options]]");
        System.exit(2);
      }
    }
  }

  private Bench() {}
}
