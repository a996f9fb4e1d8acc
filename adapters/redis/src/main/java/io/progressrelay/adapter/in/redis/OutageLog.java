package io.progressrelay.adapter.in.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each outage of the listener's connection once at WARN when it starts and once at INFO when
 * it ends (with its duration), and counts outages. Used by the listener thread only.
 */
final class OutageLog {
  private static final Logger log = LoggerFactory.getLogger(RedisProgressListener.class);

  private final String redis;
  private final AtomicLong outages;
  private long startedNanos = -1; // -1 while there is no outage
  private boolean subscribedOnThisConnection;

  OutageLog(String redis, AtomicLong outages) {
    this.redis = redis;
    this.outages = outages;
  }

  void subscribed(String patterns) {
    subscribedOnThisConnection = true;
    if (startedNanos < 0) {
      log.info("Subscribed to {} at {}", patterns, redis);
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    startedNanos = -1;
    log.info("Redis restored after {} ms; resubscribed at {}", millis, redis);
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
