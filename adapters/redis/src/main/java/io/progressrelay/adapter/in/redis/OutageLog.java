package io.progressrelay.adapter.in.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each outage of a Redis reader's connection (the pub/sub listener's or the stream reader's)
 * once at WARN when it starts and once at INFO when it ends (with its duration), and counts
 * outages. Used by that reader's thread only.
 */
final class OutageLog {
  private final Logger log;
  private final String redis;
  private final AtomicLong outages;
  private long startedNanos = -1; // -1 while there is no outage
  private boolean subscribedOnThisConnection;

  /** The pub/sub listener's, logged under its name. */
  OutageLog(String redis, AtomicLong outages) {
    this(LoggerFactory.getLogger(RedisProgressListener.class), redis, outages);
  }

  OutageLog(Logger log, String redis, AtomicLong outages) {
    this.log = log;
    this.redis = redis;
    this.outages = outages;
  }

  void subscribed(String patterns) {
    connected("Subscribed to " + patterns, "resubscribed");
  }

  /**
   * The reader is receiving again: logs {@code first} on the first connection, else how long the
   * outage lasted and {@code again}.
   */
  void connected(String first, String again) {
    subscribedOnThisConnection = true;
    if (startedNanos < 0) {
      log.info("{} at {}", first, redis);
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    startedNanos = -1;
    log.info("Redis restored after {} ms; {} at {}", millis, again, redis);
  }

  void lost(String reason) {
    if (startedNanos >= 0) {
      log.debug("Still cannot reach Redis at {}: {}", redis, reason);
      return;
    }
    startedNanos = System.nanoTime();
    outages.incrementAndGet();
    if (subscribedOnThisConnection) {
      log.warn("Lost Redis at {}, reconnecting: {}", redis, reason);
    } else {
      log.warn("Cannot reach Redis at {}, retrying: {}", redis, reason);
    }
  }

  void connectionClosed() {
    subscribedOnThisConnection = false;
  }
}
