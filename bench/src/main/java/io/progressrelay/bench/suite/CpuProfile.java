package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Profiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a server's CPU went in one window: async-profiler's collapsed stacks sorted into the
 * relay's stages by thread and by the frames on the stack, first matching rule wins.
 */
record CpuProfile(Map<String, Long> samplesByStage, long kernelSamples, long totalSamples) {

  static final String REDIS = "listener: Redis reads and RESP decoding";
  static final String PARSING = "listener: event JSON parsing";
  static final String ROUTING = "listener: routing, queues, history hand-off";
  static final String LISTENER_WRITES = "listener: socket writes (system call, loopback TCP)";
  static final String LISTENER_JETTY = "listener: Jetty frame encoding and flushing";
  static final String DELIVERY_WRITES =
      "delivery threads: socket writes (system call, loopback TCP)";
  static final String DELIVERY_JETTY = "delivery threads: Jetty frame encoding and flushing";
  static final String DELIVERY_TURNS = "delivery threads: turns, queues, batches";
  static final String HISTORY = "history writer (binary COPY, JDBC)";
  static final String SELECTOR_WRITES = "Jetty selector and HTTP threads: socket writes completed";
  static final String SELECTORS = "Jetty selector and HTTP threads: reads, connects, the rest";
  static final String JIT = "JIT compilers";
  static final String GC = "garbage collector";
  static final String OTHER = "other threads (timers, maintenance)";

  private static final List<String> STAGES =
      List.of(
          REDIS,
          PARSING,
          ROUTING,
          LISTENER_WRITES,
          LISTENER_JETTY,
          DELIVERY_WRITES,
          DELIVERY_JETTY,
          DELIVERY_TURNS,
          HISTORY,
          SELECTOR_WRITES,
          SELECTORS,
          JIT,
          GC,
          OTHER);

  static CpuProfile read(Path collapsed) throws IOException {
    Map<String, Long> stages = new LinkedHashMap<>();
    STAGES.forEach(stage -> stages.put(stage, 0L));
    long kernel = 0;
    long total = 0;
    for (String line : Files.readAllLines(collapsed)) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1));
      String stack = line.substring(0, space);
      stages.merge(stageOf(stack), count, Long::sum);
      if (stack.endsWith("_[k]")) {
        kernel += count;
      }
      total += count;
    }
    return new CpuProfile(stages, kernel, total);
  }

  static String stageOf(String stack) {
    int end = stack.indexOf(';');
    String thread = end < 0 ? stack : stack.substring(0, end);
    if (thread.contains("CompilerThre")) {
      return JIT;
    }
    if (thread.startsWith("[GC Thread")
        || thread.startsWith("[VM Thread")
        || thread.startsWith("[ZWorker")
        || thread.startsWith("[ZDriver")
        || thread.startsWith("[G1 ")
        || thread.startsWith("[GC ")) {
      return GC;
    }
    if (thread.startsWith("[redis-listener") || thread.startsWith("[redis-stream-reader")) {
      return listenerStage(stack);
    }
    if (thread.startsWith("[fanout-delivery")) {
      return writes(stack) ? DELIVERY_WRITES : jetty(stack) ? DELIVERY_JETTY : DELIVERY_TURNS;
    }
    if (thread.contains("history") || thread.contains("PostgreSQL")) {
      return HISTORY;
    }
    if (thread.startsWith("[http-")) {
      return writes(stack) ? SELECTOR_WRITES : SELECTORS;
    }
    return OTHER;
  }

  private static String listenerStage(String stack) {
    if (writes(stack)) {
      return LISTENER_WRITES;
    }
    if (jetty(stack)) {
      return LISTENER_JETTY;
    }
    if (stack.contains("ProgressMessageParser") || stack.contains("com/fasterxml/jackson")) {
      return PARSING;
    }
    if (stack.contains("PubSubMessageHandler.handle")
        || stack.contains("StreamEntryHandler.handle")) {
      return ROUTING;
    }
    return REDIS;
  }

  private static boolean writes(String stack) {
    return stack.contains("sun/nio/ch/IOUtil.write") || stack.contains(";writev");
  }

  private static boolean jetty(String stack) {
    return stack.contains("org/eclipse/jetty");
  }

  /** CPU microseconds per delivered event spent in {@code stage}. */
  double microsPerEvent(String stage, long events) {
    return samplesByStage.getOrDefault(stage, 0L) * Profiler.SAMPLE_MILLIS * 1000.0 / events;
  }

  double share(String stage) {
    return totalSamples == 0 ? 0 : (double) samplesByStage.getOrDefault(stage, 0L) / totalSamples;
  }
}
