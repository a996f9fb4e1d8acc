package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.DeliveryPolicies;
import java.time.Duration;
import java.util.Objects;

/**
 * The fan-out engine's limits and policies.
 *
 * @param maxQueuedFrames frames one connection may have waiting before it is a slow consumer
 * @param maxQueuedBytes bytes one connection may have waiting before it is a slow consumer
 * @param maxConnectionsPerUser live connections one user may hold on this instance
 * @param latestStateCapacity uploads whose routing and latest event are kept in memory, besides
 *     those loading or followed by a user connected here (see RouteTable)
 * @param idleRouteEviction how long an upload's cached routing survives without an event or a
 *     catch-up looking it up
 * @param maxPendingPerUpload events held for one upload while its subscribers are being loaded
 * @param latestFlushInterval how often the latest events are written to storage
 * @param progressRateLimit at most one progress frame per upload (batch, file) per connection in
 *     this window, the latest passing when it ends; zero for no limit
 * @param deliveryThreads threads that write to the sockets, each serving the connections sharded to
 *     it; by default one per core
 */
public record FanOutSettings(
    int maxQueuedFrames,
    long maxQueuedBytes,
    int maxConnectionsPerUser,
    int latestStateCapacity,
    Duration idleRouteEviction,
    int maxPendingPerUpload,
    Duration latestFlushInterval,
    DeliveryPolicies policies,
    Duration progressRateLimit,
    int deliveryThreads) {
  /** The default number of delivery threads: one per core the JVM may use. */
  public static final int DEFAULT_DELIVERY_THREADS = Runtime.getRuntime().availableProcessors();

  /** The most delivery threads allowed: more would only add context switches. */
  public static final int MAX_DELIVERY_THREADS = 256;

  public static final FanOutSettings DEFAULT =
      new FanOutSettings(
          1000,
          1024 * 1024,
          20,
          100_000,
          Duration.ofMinutes(10),
          10_000,
          Duration.ofSeconds(2),
          DeliveryPolicies.DEFAULT,
          Duration.ZERO,
          DEFAULT_DELIVERY_THREADS);

  public FanOutSettings {
    Objects.requireNonNull(idleRouteEviction, "idleRouteEviction");
    Objects.requireNonNull(latestFlushInterval, "latestFlushInterval");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(progressRateLimit, "progressRateLimit");
    if (progressRateLimit.isNegative()) {
      throw new IllegalArgumentException("the progress rate limit must not be negative");
    }
    if (maxQueuedFrames < 1
        || maxQueuedBytes < 1
        || maxConnectionsPerUser < 1
        || latestStateCapacity < 1
        || maxPendingPerUpload < 1) {
      throw new IllegalArgumentException("fan-out limits must be positive");
    }
    if (deliveryThreads < 1 || deliveryThreads > MAX_DELIVERY_THREADS) {
      throw new IllegalArgumentException(
          "delivery threads must be 1.." + MAX_DELIVERY_THREADS + ", was " + deliveryThreads);
    }
  }

  QueueLimits queueLimits() {
    return new QueueLimits(maxQueuedFrames, maxQueuedBytes);
  }

  public FanOutSettings withQueueLimits(int frames, long bytes) {
    return new FanOutSettings(
        frames,
        bytes,
        maxConnectionsPerUser,
        latestStateCapacity,
        idleRouteEviction,
        maxPendingPerUpload,
        latestFlushInterval,
        policies,
        progressRateLimit,
        deliveryThreads);
  }

  public FanOutSettings withMaxConnectionsPerUser(int connections) {
    return new FanOutSettings(
        maxQueuedFrames,
        maxQueuedBytes,
        connections,
        latestStateCapacity,
        idleRouteEviction,
        maxPendingPerUpload,
        latestFlushInterval,
        policies,
        progressRateLimit,
        deliveryThreads);
  }

  public FanOutSettings withProgressRateLimit(Duration window) {
    return new FanOutSettings(
        maxQueuedFrames,
        maxQueuedBytes,
        maxConnectionsPerUser,
        latestStateCapacity,
        idleRouteEviction,
        maxPendingPerUpload,
        latestFlushInterval,
        policies,
        window,
        deliveryThreads);
  }

  public FanOutSettings withDeliveryThreads(int threads) {
    return new FanOutSettings(
        maxQueuedFrames,
        maxQueuedBytes,
        maxConnectionsPerUser,
        latestStateCapacity,
        idleRouteEviction,
        maxPendingPerUpload,
        latestFlushInterval,
        policies,
        progressRateLimit,
        threads);
  }

  public FanOutSettings withLatestStateCapacity(int capacity) {
    return new FanOutSettings(
        maxQueuedFrames,
        maxQueuedBytes,
        maxConnectionsPerUser,
        capacity,
        idleRouteEviction,
        maxPendingPerUpload,
        latestFlushInterval,
        policies,
        progressRateLimit,
        deliveryThreads);
  }
}
