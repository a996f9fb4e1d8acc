package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.LiveHeap;
import io.progressrelay.bench.load.ProcStats;
import io.progressrelay.bench.load.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The server process read every 10 s through a soak, from /proc: resident memory, open file
 * descriptors and threads; for a JVM also its live heap after a full collection, once a minute
 * ({@link LiveHeap}: the collection is forced, so that the reading does not depend on when the
 * collector happened to run); with the soak's running counts beside them.
 */
final class SoakSamples {
  static final int EVERY_SECONDS = 10;
  static final int HEAP_EVERY = 6; // samples: once a minute

  /** One reading; {@code liveHeapBytes} is -1 where none was taken. */
  record Sample(
      double seconds,
      long rssKib,
      long fds,
      long threads,
      long liveHeapBytes,
      long healthyDelivered,
      long stalledCloses,
      long churnCycles) {}

  private final Server server;
  private final long startNanos;
  private final LongSupplier healthyDelivered;
  private final LongSupplier stalledCloses;
  private final LongSupplier churnCycles;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private SoakSamples(
      Server server,
      long startNanos,
      LongSupplier healthyDelivered,
      LongSupplier stalledCloses,
      LongSupplier churnCycles) {
    this.server = server;
    this.startNanos = startNanos;
    this.healthyDelivered = healthyDelivered;
    this.stalledCloses = stalledCloses;
    this.churnCycles = churnCycles;
  }

  /** Reads {@code server} now and every 10 s from then on, with the counts given. */
  static SoakSamples start(
      Server server,
      LongSupplier healthyDelivered,
      LongSupplier stalledCloses,
      LongSupplier churnCycles) {
    var sampler =
        new SoakSamples(server, System.nanoTime(), healthyDelivered, stalledCloses, churnCycles);
    sampler.timer.scheduleAtFixedRate(
        () -> sampler.take(false), 0, EVERY_SECONDS, TimeUnit.SECONDS);
    return sampler;
  }

  // Runs on the timer's thread, then once more on the thread that stops it.
  private void take(boolean lastOne) {
    long pid = server.pid();
    boolean heap;
    synchronized (samples) {
      heap = lastOne || samples.size() % HEAP_EVERY == 0;
    }
    // Everything at one instant first; the live heap, which takes a jcmd, last.
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long rss = ProcStats.rssKib(pid);
    long fds = ProcStats.openFiles(pid);
    long threads = ProcStats.threads(pid);
    long delivered = healthyDelivered.getAsLong();
    long closes = stalledCloses.getAsLong();
    long cycles = churnCycles.getAsLong();
    long liveHeap = heap ? LiveHeap.bytes(server).orElse(-1) : -1;
    var sample = new Sample(seconds, rss, fds, threads, liveHeap, delivered, closes, cycles);
    synchronized (samples) {
      samples.add(sample);
    }
    if (heap) {
      Progress.note(
          server.spec().name(),
          Report.f(
              "soak %.1f min: RSS %,d KiB, %d fds, %d threads, live heap %s; %,d healthy"
                  + " deliveries, %,d stalled readers closed, %,d churn cycles",
              sample.seconds() / 60,
              sample.rssKib(),
              sample.fds(),
              sample.threads(),
              sample.liveHeapBytes() < 0 ? "–" : Report.f("%,d KiB", sample.liveHeapBytes() / 1024),
              sample.healthyDelivered(),
              sample.stalledCloses(),
              sample.churnCycles()));
    }
  }

  /**
   * Stops reading after one last reading (its live heap too): call it as the load ends, so that
   * every reading is one under load. Returns them all.
   */
  List<Sample> stop() {
    timer.shutdown();
    try {
      timer.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    take(true);
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The readings as CSV, one row each, for plotting. */
  static String csv(List<Sample> samples) {
    var out =
        new StringBuilder(
            "seconds,rss_kib,fds,threads,live_heap_bytes,healthy_delivered,stalled_closes,"
                + "churn_cycles\n");
    for (Sample s : samples) {
      out.append(
          Report.f(
              "%.1f,%d,%d,%d,%s,%d,%d,%d\n",
              s.seconds(),
              s.rssKib(),
              s.fds(),
              s.threads(),
              s.liveHeapBytes() < 0 ? "" : Long.toString(s.liveHeapBytes()),
              s.healthyDelivered(),
              s.stalledCloses(),
              s.churnCycles()));
    }
    return out.toString();
  }

  /**
   * The least-squares trend of {@code value} over the readings from {@code fromSeconds} on, those
   * where it was read (not negative).
   */
  static Trend trend(List<Sample> samples, double fromSeconds, ToLongFunction<Sample> value) {
    List<Sample> used =
        samples.stream()
            .filter(s -> s.seconds() >= fromSeconds && value.applyAsLong(s) >= 0)
            .toList();
    double[] seconds = used.stream().mapToDouble(Sample::seconds).toArray();
    double[] values = used.stream().mapToDouble(value::applyAsLong).toArray();
    return Trend.fit(seconds, values);
  }
}
