package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.Objects;

/**
 * Ready while the cluster listener has every master's wanted channels, the control channel's
 * included, subscribed, so events can reach browsers.
 */
public final class RedisClusterListenerReadinessCheck implements ReadinessCheck {
  private final RedisClusterListener listener;

  public RedisClusterListenerReadinessCheck(RedisClusterListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public String name() {
    return "redis-listener";
  }

  @Override
  public Result check() {
    return listener.isConnected()
        ? new Result(name(), true, "subscribed on every Redis Cluster master with channels")
        : new Result(name(), false, "not subscribed on every Redis Cluster master with channels");
  }
}
