package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Ready while the event listener is subscribed (on one server, or on every master of a Redis
 * Cluster), so events can reach browsers.
 */
public final class RedisListenerReadinessCheck implements ReadinessCheck {
  private final BooleanSupplier subscribed;
  private final String ready;
  private final String notReady;

  /** For the listener of one server's pub/sub. */
  public RedisListenerReadinessCheck(RedisProgressListener listener) {
    this(
        Objects.requireNonNull(listener, "listener")::isConnected,
        "subscribed to Redis pub/sub",
        "not subscribed to Redis pub/sub; reconnecting");
  }

  /** For the listener of a Redis Cluster's sharded pub/sub. */
  public RedisListenerReadinessCheck(RedisClusterListener listener) {
    this(
        Objects.requireNonNull(listener, "listener")::isConnected,
        "subscribed on every Redis Cluster master",
        "not subscribed on every Redis Cluster master; reconnecting");
  }

  private RedisListenerReadinessCheck(BooleanSupplier subscribed, String ready, String notReady) {
    this.subscribed = subscribed;
    this.ready = ready;
    this.notReady = notReady;
  }

  @Override
  public String name() {
    return "redis-listener";
  }

  @Override
  public Result check() {
    return subscribed.getAsBoolean()
        ? new Result(name(), true, ready)
        : new Result(name(), false, notReady);
  }
}
