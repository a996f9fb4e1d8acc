package io.progressrelay.adapter.out.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/** Connection pools for request threads: a few connections, waiting at most the Redis timeout. */
final class RedisPools {
  private static final int SIZE = 8;

  private RedisPools() {}

  static JedisPooled open(RedisSettings redis, String clientName) {
    var config = new ConnectionPoolConfig();
    config.setMaxTotal(SIZE);
    config.setMaxIdle(SIZE);
    config.setMinIdle(0);
    config.setMaxWait(redis.timeout());
    return new JedisPooled(redis.hostAndPort(), redis.clientConfig(clientName), config);
  }
}
