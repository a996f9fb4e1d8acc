package io.progressrelay.adapter.out.redis;

import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * Publishes messages on Redis pub/sub channels, or appends them to a stream, over one connection,
 * as upload workers do (the simulator uses it). A lost connection is opened again at the next
 * message. Not thread-safe: use it from one thread.
 */
public final class RedisChannelPublisher implements AutoCloseable {
  /** The retention workers are told to use (docs/redis.md, "Streams mode"). */
  public static final long STREAM_MAX_LENGTH = 1_000_000;

  private final RedisSettings redis;
  private Jedis jedis;

  public RedisChannelPublisher(RedisSettings redis) {
    this.redis = Objects.requireNonNull(redis, "redis");
  }

  /**
   * Publishes {@code message} on {@code channel}; returns how many Redis clients received it.
   *
   * @throws IllegalStateException naming the server when Redis cannot be reached
   */
  public long publish(String channel, String message) {
    try {
      if (jedis == null) {
        jedis = redis.connect("progress-relay-simulator");
      }
      return jedis.publish(channel, message);
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(
          "cannot publish on Redis at " + redis.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends {@code message} for {@code channel} to the stream {@code streamKey}, as a worker in
   * streams mode does: {@code XADD <streamKey> MAXLEN ~ 1000000 * channel <channel> data
   * <message>}; returns the entry id.
   *
   * @throws IllegalStateException naming the server when Redis cannot be reached
   */
  public String appendToStream(String streamKey, String channel, String message) {
    try {
      if (jedis == null) {
        jedis = redis.connect("progress-relay-simulator");
      }
      return jedis
          .xadd(
              streamKey,
              XAddParams.xAddParams().maxLen(STREAM_MAX_LENGTH).approximateTrimming(),
              Map.of("channel", channel, "data", message))
          .toString();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(
          "cannot append to stream "
              + streamKey
              + " at "
              + redis.describe()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Host and port of the server, without the password the URL may carry. */
  public String describe() {
    return redis.describe();
  }

  @Override
  public void close() {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException e) {
        // the connection is broken already
      }
      jedis = null;
    }
  }
}
