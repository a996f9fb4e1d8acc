package io.progressrelay.adapter.out.redis;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A connection to the master Sentinel named, closed under its user when Sentinel names another one;
 * closing it stops the watch.
 */
final class WatchedJedis extends Jedis {
  private static final Logger log = LoggerFactory.getLogger(WatchedJedis.class);

  private volatile SentinelMasterWatch watch;

  WatchedJedis(HostAndPort master, JedisClientConfig config) {
    super(master, config);
  }

  void followFailovers(RedisSentinels sentinels, HostAndPort master) {
    watch = sentinels.watch(master, this::cutOff);
  }

  // From the watch thread: ends a read the owner may be blocked in, which then sees a lost
  // connection and reconnects.
  private void cutOff() {
    try {
      getConnection().forceDisconnect();
    } catch (IOException | RuntimeException e) {
      log.debug("Could not close the Redis connection: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    SentinelMasterWatch live = watch;
    if (live != null) {
      live.close();
    }
    super.close();
  }
}
