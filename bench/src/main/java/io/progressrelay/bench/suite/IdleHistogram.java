package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server;
import io.progressrelay.bench.load.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one more idle socket costs the relay, object by object: a fresh relay, two equal halves of
 * authenticated, subscribed, silent connections (scenario 4's), and a class histogram of the live
 * heap (after a full collection) between and after the halves. The difference, divided by the
 * second half's connections, is the live heap each socket holds; printed as a Markdown table with
 * resident memory (and native memory tracking's summary, when the relay's JVM options turn it on)
 * beside it. Run as {@code java -cp bench/target/progress-relay-bench.jar
 * io.progressrelay.bench.suite.IdleHistogram --idle 4000 [suite options]}.
 */
public final class IdleHistogram {
  private static final int TOP = 60;

  /** One class's line of a histogram. */
  private record Row(long instances, long bytes) {}

  public static void main(String[] args) throws Exception {
    var options = SuiteOptions.parse(args);
    var tokens = new Tokens(SuiteOptions.SECRET);
    Path logs = Path.of("bench/target/logs");
    Files.createDirectories(logs);
    String tag = Long.toString(System.currentTimeMillis() % 100_000_000, 36) + "h";
    int firstHalf = options.idleConnections() / 2;
    int secondHalf = options.idleConnections() - firstHalf;
    try (var server = Server.start(ServerSpecs.of("relay", options), logs)) {
      Drain.sleep(2_000);
      long rssBefore = server.rssKib();
      try (var first = OneToOne.open(server, options, tokens, tag + "a", firstHalf)) {
        Drain.sleep(5_000);
        Map<String, Row> middle = histogram(server.pid());
        String nmtMiddle = jcmd(server.pid(), "VM.native_memory", "summary");
        long rssMiddle = server.rssKib();
        try (var second = OneToOne.open(server, options, tokens, tag + "b", secondHalf)) {
          Drain.sleep(5_000);
          Map<String, Row> after = histogram(server.pid());
          String nmtAfter = jcmd(server.pid(), "VM.native_memory", "summary");
          long rssAfter = server.rssKib();
          System.out.printf(
              "RSS %,d → %,d → %,d KiB: %.1f KiB per socket over all %,d, %.1f over the second"
                  + " %,d%n%n",
              rssBefore,
              rssMiddle,
              rssAfter,
              (double) (rssAfter - rssBefore) / (firstHalf + secondHalf),
              firstHalf + secondHalf,
              (double) (rssAfter - rssMiddle) / secondHalf,
              secondHalf);
          printDifference(middle, after, secondHalf);
          printNativeDifference(nmtMiddle, nmtAfter, secondHalf);
        }
      }
    }
    System.exit(0);
  }

  private static void printDifference(Map<String, Row> before, Map<String, Row> after, int n) {
    List<Map.Entry<String, Row>> grown = new ArrayList<>();
    long totalBytes = 0;
    for (var entry : after.entrySet()) {
      Row was = before.getOrDefault(entry.getKey(), new Row(0, 0));
      Row delta =
          new Row(
              entry.getValue().instances() - was.instances(),
              entry.getValue().bytes() - was.bytes());
      totalBytes += delta.bytes();
      grown.add(Map.entry(entry.getKey(), delta));
    }
    grown.sort((a, b) -> Long.compare(b.getValue().bytes(), a.getValue().bytes()));
    System.out.printf("Live heap: %.0f bytes per socket%n%n", (double) totalBytes / n);
    System.out.println("| class | instances per socket | bytes per socket |");
    System.out.println("| --- | --- | --- |");
    for (var entry : grown.subList(0, Math.min(TOP, grown.size()))) {
      System.out.printf(
          "| `%s` | %.2f | %.0f |%n",
          entry.getKey(),
          (double) entry.getValue().instances() / n,
          (double) entry.getValue().bytes() / n);
    }
    System.out.println();
  }

  // "-  Java Heap (reserved=..., committed=...)" lines: committed KiB per category.
  private static void printNativeDifference(String before, String after, int n) {
    if (!after.contains("committed=")) {
      return; // native memory tracking is off
    }
    Map<String, Long> was = committed(before);
    System.out.println("| native memory category | committed KiB per socket |");
    System.out.println("| --- | --- |");
    committed(after)
        .forEach(
            (category, kib) -> {
              long delta = kib - was.getOrDefault(category, 0L);
              if (Math.abs(delta) * 10 >= n) { // at least 0.1 KiB per socket
                System.out.printf("| %s | %.2f |%n", category, (double) delta / n);
              }
            });
    System.out.println();
  }

  private static Map<String, Long> committed(String summary) {
    Map<String, Long> categories = new java.util.LinkedHashMap<>();
    for (String line : summary.split("\n")) {
      String trimmed = line.trim();
      int committed = trimmed.indexOf("committed=");
      if (trimmed.startsWith("-") && trimmed.contains("(reserved=") && committed > 0) {
        String category = trimmed.substring(1, trimmed.indexOf('(')).trim();
        String value = trimmed.substring(committed + "committed=".length());
        categories.put(category, Long.parseLong(value.substring(0, value.indexOf("KB"))));
      }
    }
    return categories;
  }

  // "   12:        3456        78901  org.example.Type (module)"; a full GC runs first.
  private static Map<String, Row> histogram(long pid) throws IOException, InterruptedException {
    Map<String, Row> rows = new HashMap<>();
    for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 4 && fields[0].endsWith(":") && Character.isDigit(fields[0].charAt(0))) {
        rows.put(fields[3], new Row(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
      }
    }
    return rows;
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  private IdleHistogram() {}
}
