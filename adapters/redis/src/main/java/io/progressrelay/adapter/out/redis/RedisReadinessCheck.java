package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.out.ReadinessCheck;
import redis.clients.jedis.Jedis;

/** Ready when Redis answers {@code PING} within the configured timeout. */
public final class RedisReadinessCheck implements ReadinessCheck {
  private final RedisSettings settings;

  public RedisReadinessCheck(RedisSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Result check() {
    try (Jedis jedis = settings.connect()) {
      String answer = jedis.ping();
      return "PONG".equals(answer)
          ? new Result(name(), true, "PING answered by " + settings.describe())
          : new Result(name(), false, "unexpected PING answer from " + settings.describe());
    } catch (RuntimeException e) {
      return new Result(
          name(), false, "cannot reach Redis at " + settings.describe() + ": " + e.getMessage());
    }
  }
}
