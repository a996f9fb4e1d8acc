package io.progressrelay.metrics;

import io.progressrelay.application.service.fanout.LatencyHistogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.Supplier;

/**
 * Publishes the engine's own lock-free latency histogram as {@code relay_delivery_latency_seconds}:
 * Micrometer has no meter that exposes buckets counted elsewhere, and recording into a Micrometer
 * timer on every socket write would cost the real-time path more.
 */
public final class DeliveryLatencyCollector implements Collector {
  static final String NAME = "relay_delivery_latency_seconds";
  private static final String HELP =
      "Time from receiving an event from Redis to completing its write to a socket";

  private final Supplier<LatencyHistogram.Snapshot> histogram;

  public DeliveryLatencyCollector(Supplier<LatencyHistogram.Snapshot> histogram) {
    this.histogram = histogram;
  }

  @Override
  public MetricSnapshot collect() {
    LatencyHistogram.Snapshot snapshot = histogram.get();
    // Prometheus' model takes each bucket's own count; it adds them up when it writes "le" lines.
    var buckets = ClassicHistogramBuckets.builder();
    long below = 0;
    for (LatencyHistogram.Bucket bucket : snapshot.buckets()) {
      buckets.bucket(
          Unit.nanosToSeconds(bucket.upperBoundNanos()), bucket.cumulativeCount() - below);
      below = bucket.cumulativeCount();
    }
    buckets.bucket(Double.POSITIVE_INFINITY, snapshot.count() - below);
    return HistogramSnapshot.builder()
        .name(NAME)
        .help(HELP)
        .unit(Unit.SECONDS)
        .dataPoint(
            HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(buckets.build())
                .sum(Unit.nanosToSeconds(snapshot.sumNanos()))
                .build())
        .build();
  }

  @Override
  public String getPrometheusName() {
    return NAME;
  }
}
