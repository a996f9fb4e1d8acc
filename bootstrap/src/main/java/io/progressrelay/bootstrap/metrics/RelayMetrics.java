package io.progressrelay.bootstrap.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.progressrelay.adapter.in.redis.RedisListenerMeters;
import io.progressrelay.adapter.in.redis.RedisStreamMeters;
import io.progressrelay.adapter.in.web.socket.ClientSocketEndpoint;
import io.progressrelay.adapter.in.web.socket.SocketMeters;
import io.progressrelay.adapter.out.postgres.PostgresDatabase;
import io.progressrelay.adapter.out.redis.ClusterChannelInterestMeters;
import io.progressrelay.adapter.out.redis.RedisChannelInterestMeters;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.bootstrap.backends.EventSource;
import io.progressrelay.bootstrap.backends.RedisClusterEvents;
import io.progressrelay.bootstrap.backends.RedisEvents;
import io.progressrelay.bootstrap.backends.RedisStreamEvents;
import io.progressrelay.bootstrap.backends.Storage;
import io.progressrelay.metrics.DeliveryLatencyCollector;
import io.progressrelay.metrics.FanOutMeters;
import io.progressrelay.metrics.HistoryMeters;

/**
 * The relay's meters in one Prometheus registry: the JVM's, the database pool's, and those each
 * component binds from its own counters (read when scraped, so the real-time path pays nothing):
 * the Redis and web adapters' own, and module {@code metrics}' over the application's.
 */
public final class RelayMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  // Cluster mode: masters met since the last scrape get their meters before the next one.
  private volatile Runnable beforeScrape = () -> {};

  private RelayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /**
   * The JVM's meters and, when the storage is PostgreSQL, its connection pool's. Call it before
   * anything borrows a connection: the pool times a borrow only if it was tracked from its start.
   */
  public static RelayMetrics start(Storage storage) {
    var metrics = new RelayMetrics();
    if (storage.resources() instanceof PostgresDatabase database) {
      database.publishPoolMetrics(metrics.registry);
    }
    return metrics;
  }

  /**
   * Has each component bind its meters, read from its own counters; the Redis listener's (in
   * streams mode the stream reader's; in interest and cluster modes the subscriptions' too) only
   * when the events come from Redis (not in the in-memory demo).
   */
  public void bindRelay(
      FanOutEngine engine,
      EventSource events,
      ClientSocketEndpoint sockets,
      DeliveryHistoryRecorder history) {
    new FanOutMeters(engine).bindTo(registry);
    if (events instanceof RedisEvents redis) {
      new RedisListenerMeters(redis.listener()).bindTo(registry);
      redis
          .listener()
          .interest()
          .ifPresent(i -> new RedisChannelInterestMeters(i).bindTo(registry));
    }
    if (events instanceof RedisClusterEvents cluster) {
      new RedisListenerMeters(cluster.listener()).bindTo(registry);
      var interest = new ClusterChannelInterestMeters(cluster.listener().interest());
      interest.bindTo(registry);
      beforeScrape = interest::bindNewMasters;
    }
    if (events instanceof RedisStreamEvents stream) {
      new RedisStreamMeters(stream.reader(), stream.checkpoints()).bindTo(registry);
    }
    new SocketMeters(sockets).bindTo(registry);
    new HistoryMeters(history).bindTo(registry);
    registry
        .getPrometheusRegistry()
        .register(new DeliveryLatencyCollector(engine::deliveryLatency));
  }

  /** Where further meters go. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    beforeScrape.run();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
