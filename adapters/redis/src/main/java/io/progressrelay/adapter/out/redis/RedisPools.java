package io.progressrelay.adapter.out.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Connection pools for request threads: a few connections, waiting at most the Redis timeout, to
 * the URL's server or, with Sentinel, to the current master (following failovers).
 */
final class RedisPools {
  static final int SIZE = 8;

  private RedisPools() {}

  static UnifiedJedis open(RedisSettings redis, String clientName) {
    return open(redis, clientName, SIZE);
  }

  static UnifiedJedis open(RedisSettings redis, String clientName, int size) {
    var config = new ConnectionPoolConfig();
    config.setMaxTotal(size);
    config.setMaxIdle(size);
    config.setMinIdle(0);
    config.setMaxWait(redis.timeout());
    if (redis.sentinels().isPresent()) {
      return new UnifiedJedis(
          new SentinelMasterPool(
              redis.sentinels().get(), redis.connection().clientConfig(clientName), config));
    }
    return new JedisPooled(redis.address(), redis.connection().clientConfig(clientName), config);
  }
}
