package io.progressrelay.bootstrap.config;

import io.progressrelay.adapter.in.redis.RedisStreamSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * How events come in ({@code RELAY_INGEST}) and, in streams mode, which stream is read and how
 * ({@code RELAY_STREAM_*}), with how long start-up waits for the backlog before opening the port;
 * in pub/sub mode, how the listener subscribes ({@code RELAY_REDIS_SUBSCRIPTIONS}) and, in interest
 * mode, how long a channel no connection needs stays subscribed ({@code
 * RELAY_REDIS_INTEREST_LINGER}); and whether Redis is one server or a Redis Cluster read with
 * sharded pub/sub ({@code RELAY_REDIS_MODE}, {@code RELAY_REDIS_CLUSTER_NODES}: the seeds, empty
 * for one server).
 */
public record IngestConfig(
    IngestMode mode,
    RedisStreamSettings stream,
    Duration catchUpTimeout,
    SubscriptionMode subscriptions,
    Duration interestLinger,
    List<HostAndPort> clusterNodes) {
  public static final Duration DEFAULT_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_INTEREST_LINGER = Duration.ofSeconds(10);

  public IngestConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(interestLinger, "interestLinger");
    clusterNodes = List.copyOf(clusterNodes);
    if (!clusterNodes.isEmpty() && mode == IngestMode.STREAMS) {
      throw new IllegalArgumentException(
          "RELAY_REDIS_MODE=cluster needs RELAY_INGEST=pubsub: streams mode reads one stream on one"
              + " server and is not supported on a Redis Cluster");
    }
    if (!clusterNodes.isEmpty() && subscriptions != SubscriptionMode.INTEREST) {
      throw new IllegalArgumentException(
          "RELAY_REDIS_MODE=cluster needs RELAY_REDIS_SUBSCRIPTIONS=interest: sharded pub/sub has"
              + " no pattern subscription");
    }
    if (mode == IngestMode.STREAMS && subscriptions == SubscriptionMode.INTEREST) {
      throw new IllegalArgumentException(
          "RELAY_REDIS_SUBSCRIPTIONS=interest needs RELAY_INGEST=pubsub: every stream reader"
              + " reads the whole stream");
    }
  }

  /** Pub/sub with pattern subscriptions, or streams. */
  public IngestConfig(IngestMode mode, RedisStreamSettings stream, Duration catchUpTimeout) {
    this(
        mode, stream, catchUpTimeout, SubscriptionMode.PATTERN, DEFAULT_INTEREST_LINGER, List.of());
  }

  /** On one Redis server. */
  public IngestConfig(
      IngestMode mode,
      RedisStreamSettings stream,
      Duration catchUpTimeout,
      SubscriptionMode subscriptions,
      Duration interestLinger) {
    this(mode, stream, catchUpTimeout, subscriptions, interestLinger, List.of());
  }

  /** Whether Redis is a Redis Cluster, read with sharded pub/sub. */
  public boolean cluster() {
    return !clusterNodes.isEmpty();
  }

  /** The same settings on the Redis Cluster with the seed nodes {@code nodes}. */
  public IngestConfig withCluster(List<HostAndPort> nodes) {
    return new IngestConfig(
        mode, stream, catchUpTimeout, SubscriptionMode.INTEREST, interestLinger, nodes);
  }

  /** Whether the pub/sub listener subscribes only to the channels its connections need. */
  public boolean interest() {
    return subscriptions == SubscriptionMode.INTEREST;
  }

  /** The same settings with {@code subscriptions} and {@code interestLinger}. */
  public IngestConfig withSubscriptions(SubscriptionMode subscriptions, Duration interestLinger) {
    return new IngestConfig(
        mode, stream, catchUpTimeout, subscriptions, interestLinger, clusterNodes);
  }

  public boolean streams() {
    return mode == IngestMode.STREAMS;
  }

  /** The stream workers append to in streams mode; empty in pub/sub mode. */
  public Optional<String> streamKey() {
    return streams() ? Optional.of(stream.streamKey()) : Optional.empty();
  }

  /** The same settings in {@code mode}. */
  public IngestConfig withMode(IngestMode mode) {
    return new IngestConfig(
        mode,
        stream,
        catchUpTimeout,
        mode == IngestMode.STREAMS ? SubscriptionMode.PATTERN : subscriptions,
        interestLinger,
        clusterNodes);
  }
}
