package io.progressrelay.adapter.in.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * What the stream reader reads and how: the stream's key, how far back it starts when there is no
 * checkpoint, how many entries one {@code XREAD} returns at most, and how long one {@code XREAD}
 * blocks waiting for new entries (short, so a dead connection shows within that plus the Redis
 * timeout).
 */
public record RedisStreamSettings(
    String streamKey, Duration startBack, int batchSize, Duration block, Duration windowBack) {
  public static final String DEFAULT_STREAM_KEY = "progress-relay:events";
  public static final Duration DEFAULT_START_BACK = Duration.ofMinutes(10);
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int MAX_BATCH_SIZE = 100_000;

  public RedisStreamSettings {
    Objects.requireNonNull(streamKey, "streamKey");
    if (streamKey.isBlank()
        || streamKey.length() > 200
        || !streamKey.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException(
          "'streamKey' must be 1..200 printable ASCII characters without spaces");
    }
    Objects.requireNonNull(startBack, "startBack");
    Objects.requireNonNull(windowBack, "windowBack");
    if (windowBack.isNegative()) {
      throw new IllegalArgumentException("'windowBack' must not be negative");
    }
    if (startBack.isNegative()) {
      throw new IllegalArgumentException("'startBack' must not be negative");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "'batchSize' must be 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    Objects.requireNonNull(block, "block");
    if (block.toMillis() < 1 || block.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("'block' must be 1 ms to 1 minute");
    }
  }

  /** {@code progress-relay:events}, 10 minutes back, 500 entries a read, blocking 1 s a read. */
  public static RedisStreamSettings defaults() {
    return new RedisStreamSettings(
        DEFAULT_STREAM_KEY,
        DEFAULT_START_BACK,
        DEFAULT_BATCH_SIZE,
        Duration.ofSeconds(1),
        Duration.ZERO);
  }

  public RedisStreamSettings withStreamKey(String streamKey) {
    return new RedisStreamSettings(streamKey, startBack, batchSize, block, windowBack);
  }

  public RedisStreamSettings withStartBack(Duration startBack) {
    return new RedisStreamSettings(streamKey, startBack, batchSize, block, windowBack);
  }

  public RedisStreamSettings withBatchSize(int batchSize) {
    return new RedisStreamSettings(streamKey, startBack, batchSize, block, windowBack);
  }

  public RedisStreamSettings withBlock(Duration block) {
    return new RedisStreamSettings(streamKey, startBack, batchSize, block, windowBack);
  }

  /**
   * Also reads the entries of the last {@code windowBack} before the checkpoint at start, only to
   * rebuild the resume windows (zero: none).
   */
  public RedisStreamSettings withWindowBack(Duration windowBack) {
    return new RedisStreamSettings(streamKey, startBack, batchSize, block, windowBack);
  }
}
