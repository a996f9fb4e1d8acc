package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.Objects;

/** Ready while the event listener is subscribed to Redis pub/sub, so events can reach browsers. */
public final class RedisListenerReadinessCheck implements ReadinessCheck {
  private final RedisProgressListener listener;

  public RedisListenerReadinessCheck(RedisProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public String name() {
    return "redis-listener";
  }

  @Override
  public Result check() {
    return listener.isConnected()
        ? new Result(name(), true, "subscribed to Redis pub/sub")
        : new Result(name(), false, "not subscribed to Redis pub/sub; reconnecting");
  }
}
