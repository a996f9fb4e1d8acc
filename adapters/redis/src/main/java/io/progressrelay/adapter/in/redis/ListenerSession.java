package io.progressrelay.adapter.in.redis;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/** The connection the listener thread is blocked on, with its subscriber, for close() to end. */
record ListenerSession(Jedis jedis, BinaryJedisPubSub subscriber) {
  private static final Logger log = LoggerFactory.getLogger(RedisProgressListener.class);

  /** Asks Redis to end the subscription, which returns the listener thread from its read. */
  void unsubscribe() {
    try {
      if (subscriber.isSubscribed()) {
        subscriber.punsubscribe();
      }
    } catch (RuntimeException e) { // not subscribed yet, or the connection just broke
      log.debug("Could not unsubscribe from Redis: {}", e.getMessage());
    }
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
