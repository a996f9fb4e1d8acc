package io.progressrelay.bootstrap;

import io.progressrelay.adapter.out.redis.TestChannels;
import java.net.URI;
import java.util.Map;

/**
 * The variables that point a relay (or the simulator) at a Redis server and at its own channels.
 */
public final class RedisEnvironment {
  private RedisEnvironment() {}

  public static Map<String, String> of(URI redis, TestChannels channels) {
    return Map.of(
        "RELAY_REDIS_URL", redis.toString(),
        "RELAY_REDIS_UPLOAD_PREFIX", channels.uploadPrefix(),
        "RELAY_REDIS_USER_PREFIX", channels.userPrefix(),
        "RELAY_REDIS_CONTROL_CHANNEL", channels.controlChannel());
  }
}
