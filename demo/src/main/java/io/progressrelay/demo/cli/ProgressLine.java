package io.progressrelay.demo.cli;

import io.progressrelay.demo.simulator.SimulationStats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the simulator's progress: on a terminal one line rewritten every second, otherwise (a log
 * file, CI) a new line every five seconds.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintWriter out;
  private final SimulationStats stats;
  private final Optional<Long> plannedUploads;
  private final boolean terminal;
  private final long startedNanos = System.nanoTime();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            var thread = new Thread(runnable, "simulate-progress");
            thread.setDaemon(true);
            return thread;
          });
  private long lastEvents;
  private long lastNanos = startedNanos;
  private int longestLine;

  ProgressLine(
      PrintWriter out, SimulationStats stats, Optional<Long> plannedUploads, boolean terminal) {
    this.out = out;
    this.stats = stats;
    this.plannedUploads = plannedUploads;
    this.terminal = terminal;
  }

  ProgressLine start() {
    long period = terminal ? 1 : 5;
    timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
    return this;
  }

  private synchronized void print() {
    long now = System.nanoTime();
    long events = stats.eventsPublished();
    double rate = (events - lastEvents) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastEvents = events;
    lastNanos = now;
    String line = line(rate);
    if (terminal) {
      longestLine = Math.max(longestLine, line.length());
      out.print("\r" + line + " ".repeat(longestLine - line.length()));
    } else {
      out.println(line);
    }
    out.flush();
  }

  private String line(double eventsPerSecond) {
    String planned = plannedUploads.map(n -> " of " + n).orElse("");
    String line =
        String.format(
            Locale.ROOT,
            "%,d events published (%.1f/s) | uploads %,d%s done (%,d completed, %,d failed),"
                + " %,d running",
            stats.eventsPublished(),
            eventsPerSecond,
            stats.uploadsDone(),
            planned,
            stats.uploadsCompleted(),
            stats.uploadsFailed(),
            stats.uploadsRunning());
    return stats.publishFailures() == 0
        ? line
        : line + String.format(Locale.ROOT, " | %,d NOT published", stats.publishFailures());
  }

  /** The closing summary line, with the average rate over the whole run. */
  synchronized String summary() {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    return String.format(
        Locale.ROOT,
        "Published %,d events for %,d uploads (%,d completed, %,d failed) in %.1f s: %.1f events/s",
        stats.eventsPublished(),
        stats.uploadsDone(),
        stats.uploadsCompleted(),
        stats.uploadsFailed(),
        seconds,
        stats.eventsPublished() / Math.max(1e-9, seconds));
  }

  /** Stops refreshing and ends the terminal line. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (terminal && longestLine > 0) {
      out.println();
      out.flush();
    }
  }
}
