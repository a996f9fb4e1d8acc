package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.SubscriptionCommands;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * The connection the listener thread is blocked on, with its subscriber: for close() to end, and in
 * interest mode for the {@code redis-interest} thread to change the subscriptions on. Jedis does
 * not serialise commands sent on a subscribed connection from other threads (its {@code
 * sendAndFlushCommand} writes the socket directly), so every writer goes through this object's
 * lock; the listener thread only reads.
 */
record ListenerSession(Jedis jedis, BinaryJedisPubSub subscriber, boolean patterns)
    implements SubscriptionCommands {
  private static final Logger log = LoggerFactory.getLogger(RedisProgressListener.class);

  /** Asks Redis to end the subscription, which returns the listener thread from its read. */
  synchronized void unsubscribe() {
    try {
      if (subscriber.isSubscribed()) {
        if (patterns) {
          subscriber.punsubscribe();
        } else {
          subscriber.unsubscribe();
        }
      }
    } catch (RuntimeException e) { // not subscribed yet, or the connection just broke
      log.debug("Could not unsubscribe from Redis: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void subscribe(byte[][] channels) {
    subscriber.subscribe(channels);
  }

  @Override
  public synchronized void unsubscribe(byte[][] channels) {
    subscriber.unsubscribe(channels);
  }

  /** Closes the socket under the blocked read, for when Redis does not answer the unsubscribe. */
  void disconnect() {
    try {
      jedis.getConnection().forceDisconnect();
    } catch (IOException | RuntimeException e) {
      log.debug("Could not close the Redis connection: {}", e.getMessage());
    }
  }
}
