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

  static final String SOCKET_WRITES = "listener: socket writes (system call, loopback TCP)";
  static final String JETTY = "listener: Jetty frame encoding and flushing";
  static final String PARSING = "listener: event JSON parsing";
  static final String ROUTING = "listener: routing, queues, history hand-off";
  static final String REDIS = "listener: Redis reads and RESP decoding";
  static final String HISTORY = "history writer (binary COPY, JDBC)";
  static final String SELECTORS = "Jetty selector and HTTP threads";
  static final String JIT = "JIT compilers";
  static final String GC = "garbage collector";
  static final String OTHER = "other threads (timers, maintenance)";

  private static final List<String> STAGES =
      List.of(SOCKET_WRITES, JETTY, PARSING, ROUTING, REDIS, HISTORY, SELECTORS, JIT, GC, OTHER);

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
    if (thread.startsWith("[GC Thread") || thread.startsWith("[VM Thread")) {
      return GC;
    }
    if (thread.startsWith("[redis-listener")) {
      return listenerStage(stack);
    }
    if (thread.startsWith("[history-writer") || thread.contains("PostgreSQL")) {
      return HISTORY;
    }
    if (thread.startsWith("[http-")) {
      return SELECTORS;
    }
    return OTHER;
  }

  private static String listenerStage(String stack) {
    if (stack.contains("sun/nio/ch/IOUtil.write") || stack.contains(";writev")) {
      return SOCKET_WRITES;
    }
    if (stack.contains("org/eclipse/jetty")) {
      return JETTY;
    }
    if (stack.contains("ProgressMessageParser") || stack.contains("com/fasterxml/jackson")) {
      return PARSING;
    }
    if (stack.contains("PubSubMessageHandler.handle")) {
      return ROUTING;
    }
    return REDIS;
  }

  /** CPU microseconds per delivered event spent in {@code stage}. */
  double microsPerEvent(String stage, long events) {
    return samplesByStage.getOrDefault(stage, 0L) * Profiler.SAMPLE_MILLIS * 1000.0 / events;
  }

  double share(String stage) {
    return totalSamples == 0 ? 0 : (double) samplesByStage.getOrDefault(stage, 0L) / totalSamples;
  }
}
