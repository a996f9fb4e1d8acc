package io.progressrelay.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One paragraph on the machine and the runtimes, so a report says where it was measured. */
final class Machine {

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse(cpu);
    } catch (IOException e) {
      // keep the default
    }
    return Report.f(
        "Machine: %d cores (%s), %s memory; Java %s; %s; %s; %s.\n",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory(),
        System.getProperty("java.version"),
        version("node", "--version"),
        version("/usr/bin/python3", "--version"),
        version("redis-server", "--version"));
  }

  private static String memory() {
    try {
      String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
      return Report.f("%.0f GiB", Long.parseLong(total) / 1024.0 / 1024.0);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String version(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      String name = Path.of(command[0]).getFileName().toString();
      return text.startsWith("v") ? name + " " + text : text.split(" sha=")[0];
    } catch (IOException e) {
      return command[0] + " not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return command[0];
    }
  }

  private Machine() {}
}
