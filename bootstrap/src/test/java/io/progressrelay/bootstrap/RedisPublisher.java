package io.progressrelay.bootstrap;

import io.progressrelay.adapter.out.redis.TestRedis;
import java.net.URI;
import redis.clients.jedis.Jedis;

/** Publishes on the test Redis as an upload worker would. */
final class RedisPublisher implements AutoCloseable {
  private final Jedis jedis;

  RedisPublisher() {
    URI url = TestRedis.settings().url();
    jedis = new Jedis(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379);
  }

  void publish(String channel, String payload) {
    jedis.publish(channel, payload);
  }

  /** Runs a raw command such as {@code CLIENT KILL TYPE pubsub}. */
  Jedis jedis() {
    return jedis;
  }

  @Override
  public void close() {
    jedis.close();
  }
}
