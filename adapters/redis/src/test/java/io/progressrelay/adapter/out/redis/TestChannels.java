package io.progressrelay.adapter.out.redis;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * Channel names unique to one test, so tests (and other suites sharing the Redis server) never see
 * each other's messages; publishes on them with a plain Jedis connection.
 */
public record TestChannels(String uploadPrefix, String userPrefix, String controlChannel) {
  public static TestChannels unique() {
    String run = "t" + UUID.randomUUID().toString().substring(0, 8);
    return new TestChannels(run + ":upload:", run + ":user:", run + ":control");
  }

  /** Listener settings on these channels, with a short backoff so reconnects are quick. */
  public RedisListenerSettings settings() {
    return RedisListenerSettings.defaults()
        .withPrefixes(uploadPrefix, userPrefix)
        .withControlChannel(controlChannel)
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
  }

  public String upload(String uploadId) {
    return uploadPrefix + uploadId;
  }

  public String user(String userId) {
    return userPrefix + userId;
  }

  public static void publish(String channel, String message) {
    publish(channel, message.getBytes(StandardCharsets.UTF_8));
  }

  public static void publish(String channel, byte[] message) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.publish(channel.getBytes(StandardCharsets.UTF_8), message);
    }
  }
}
