package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.MetricsScrape;
import io.progressrelay.bench.load.ProcStats;
import io.progressrelay.bench.load.Publisher;
import io.progressrelay.bench.load.RedisCluster;
import java.util.ArrayList;
import java.util.List;

/** Drives and reads one step of the {@code scale-out} scenario over every running instance. */
final class ScaleOutStep {
  private static final String RECEIVED = "relay_redis_messages_total";
  // Events handed to the fan-out, where the listener has no message counter of its own (the
  // cluster listener, so far): the same count for well-formed events.
  private static final String HANDED_TO_FAN_OUT = "relay_events_received_total";
  private static final String SUBSCRIBED = "relay_redis_subscribed_channels";
  // Frames the relay did not send by its own policy: a newer progress replaced a queued one.
  private static final String COALESCED = "relay_frames_total{outcome=\"coalesced\"}";

  /**
   * Publishes one event per upload until every instance's users received theirs: every socket is
   * subscribed and routed before anything is measured.
   */
  static void probe(List<ScaleOutInstance> running, Publisher publisher, String mode) {
    int uploads = running.stream().mapToInt(ScaleOutInstance::users).sum();
    for (int attempt = 0; attempt < 5; attempt++) {
      running.forEach(instance -> instance.tally.reset());
      int rate = Math.max(1_000, uploads);
      long sent = publisher.publish(rate, (double) uploads / rate);
      Drain.await(() -> delivered(running), sent, 2_000, 10_000);
      if (delivered(running) >= sent) {
        return;
      }
      Drain.sleep(1_000);
    }
    throw new IllegalStateException(
        String.format(
            "scale-out %s, %d instances: %,d of %,d users received their probe event%s",
            mode,
            running.size(),
            delivered(running),
            uploads,
            mode.equals("cluster")
                ? " (the relay must run in its sharded cluster mode, set by --cluster-env)"
                : ""));
  }

  /** Runs at {@code rate} without measuring, so that every instance's JIT and pools are warm. */
  static void warmUp(
      List<ScaleOutInstance> running, Publisher publisher, int rate, double seconds) {
    running.forEach(instance -> instance.tally.reset());
    long sent = publisher.publish(rate, seconds);
    Drain.await(() -> delivered(running), sent, 1_000, 10_000);
  }

  /** Measures one window at {@code rate} events/s spread over every instance's uploads. */
  static ScaleOutReading measure(
      String mode,
      List<ScaleOutInstance> running,
      Publisher publisher,
      int rate,
      double seconds,
      RedisCluster cluster,
      int redisPort) {
    int count = running.size();
    double[] idleCores = idleCores(running);
    long[] publishedBefore = new long[count];
    MetricsScrape[] metricsBefore = new MetricsScrape[count];
    long[] cpuBefore = new long[count];
    for (int i = 0; i < count; i++) {
      ScaleOutInstance instance = running.get(i);
      instance.tally.reset();
      instance.tally.latencies(); // drops the interval recorded so far
      publishedBefore[i] = published(instance, publisher);
      metricsBefore[i] = instance.metrics();
      cpuBefore[i] = ProcStats.cpuNanos(instance.server.pid());
    }
    long generatorBefore = ProcStats.ownCpuNanos();
    long redisBefore = redisCpu(cluster, redisPort);
    long postgresBefore = ProcStats.postgresCpuNanos();
    long[] machineBefore = ProcStats.machineTicks();
    long started = System.nanoTime();
    long published = publisher.publish(rate, seconds);
    double elapsed = (System.nanoTime() - started) / 1e9;
    Drain.await(() -> delivered(running), published, 1_000, Drain.WINDOW_LIMIT_MILLIS);
    long[] machineAfter = ProcStats.machineTicks();
    double busy =
        (double) (machineAfter[0] - machineBefore[0])
            / Math.max(1, machineAfter[1] - machineBefore[1]);
    double generator = (ProcStats.ownCpuNanos() - generatorBefore) / 1e9 / elapsed;
    double redis = (redisCpu(cluster, redisPort) - redisBefore) / 1e9 / elapsed;
    // Backends that exit during the window take their CPU time with them: never below 0.
    double postgres = Math.max(0, ProcStats.postgresCpuNanos() - postgresBefore) / 1e9 / elapsed;
    List<ScaleOutReading.Instance> perInstance = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ScaleOutInstance instance = running.get(i);
      MetricsScrape after = instance.metrics();
      perInstance.add(
          new ScaleOutReading.Instance(
              instance.server.spec().name(),
              instance.users(),
              published(instance, publisher) - publishedBefore[i],
              instance.tally.delivered(),
              instance.tally.reordered(),
              received(metricsBefore[i], after),
              after.series(COALESCED) - metricsBefore[i].series(COALESCED),
              after.present() ? after.value(SUBSCRIBED) : Double.NaN,
              ProcStats.cpuNanos(instance.server.pid()) - cpuBefore[i],
              idleCores[i],
              elapsed,
              instance.tally.latencies()));
    }
    return new ScaleOutReading(
        mode,
        count,
        rate,
        published,
        elapsed,
        perInstance,
        generator,
        redis,
        postgres,
        busy,
        ScaleOut.loadAverage());
  }

  // What each instance burns with nothing published (timers, GC, the JIT, metrics), over a quiet
  // second and a half before the window: taken off its CPU per delivery, which is about events.
  private static double[] idleCores(List<ScaleOutInstance> running) {
    Drain.sleep(300);
    long[] before = new long[running.size()];
    for (int i = 0; i < before.length; i++) {
      before[i] = ProcStats.cpuNanos(running.get(i).server.pid());
    }
    long started = System.nanoTime();
    Drain.sleep(1_500);
    double seconds = (System.nanoTime() - started) / 1e9;
    double[] cores = new double[before.length];
    for (int i = 0; i < before.length; i++) {
      cores[i] = (ProcStats.cpuNanos(running.get(i).server.pid()) - before[i]) / 1e9 / seconds;
    }
    return cores;
  }

  private static double received(MetricsScrape before, MetricsScrape after) {
    if (!after.present()) {
      return Double.NaN;
    }
    String meter = after.has(RECEIVED) ? RECEIVED : HANDED_TO_FAN_OUT;
    return after.value(meter) - before.value(meter);
  }

  private static long delivered(List<ScaleOutInstance> running) {
    return running.stream().mapToLong(instance -> instance.tally.delivered()).sum();
  }

  // Events published so far to the uploads of this instance's users.
  private static long published(ScaleOutInstance instance, Publisher publisher) {
    long sum = 0;
    for (int i = 0; i < instance.users(); i++) {
      sum += publisher.publishedTo(instance.firstUpload + i);
    }
    return sum;
  }

  private static long redisCpu(RedisCluster cluster, int redisPort) {
    return cluster != null ? cluster.cpuNanos() : ScaleOut.redisCpuNanos(redisPort);
  }

  private ScaleOutStep() {}
}
