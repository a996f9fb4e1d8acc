package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.SubscriptionCommands;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisShardedPubSub;
import redis.clients.jedis.Jedis;

/**
 * One master's sharded pub/sub connection and its subscriber, for the {@code redis-interest} thread
 * of that master to send {@code SSUBSCRIBE}/{@code SUNSUBSCRIBE} on and for close() to end. Every
 * writer goes through this object's lock (Jedis does not serialise them); the reader only reads.
 */
record ShardSession(Jedis jedis, BinaryJedisShardedPubSub subscriber)
    implements SubscriptionCommands {
  private static final Logger log = LoggerFactory.getLogger(ShardSession.class);

  /** Asks the master to end every subscription, which returns the reader from its read. */
  synchronized void unsubscribeAll() {
    try {
      if (subscriber.isSubscribed()) {
        subscriber.sunsubscribe();
      }
    } catch (RuntimeException e) { // the connection just broke
      log.debug("Could not unsubscribe from a Redis Cluster master: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void subscribe(byte[][] channels) {
    subscriber.ssubscribe(channels);
  }

  @Override
  public synchronized void unsubscribe(byte[][] channels) {
    subscriber.sunsubscribe(channels);
  }

  /** Closes the socket under the blocked read. */
  void disconnect() {
    try {
      jedis.getConnection().forceDisconnect();
    } catch (IOException | RuntimeException e) {
      log.debug("Could not close a Redis Cluster connection: {}", e.getMessage());
    }
  }
}
