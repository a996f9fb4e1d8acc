package io.progressrelay.adapter.out.redis;

import io.progressrelay.adapter.in.redis.SequenceStamp;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers one instance's control messages: every announcement takes the next number, whether it
 * reaches Redis or not, and each message also carries the number of the last one that did, so a
 * receiver sees from any message that follows a loss that something was lost. Announcements dropped
 * before they were even tried take their numbers too ({@link #skip}). {@link #next} and {@link
 * #handedToRedis} are for the one announcer thread; {@link #skip} is thread-safe.
 */
final class AnnouncementNumbers {
  private final AtomicLong skipped = new AtomicLong();
  private long last;
  private long lastHandedOver;

  /** Stamps for {@code count} messages sent together, in order. */
  SequenceStamp[] next(int count) {
    last += skipped.getAndSet(0);
    var stamps = new SequenceStamp[count];
    long after = lastHandedOver;
    for (int i = 0; i < count; i++) {
      last++;
      stamps[i] = new SequenceStamp(last, after);
      after = last; // the messages of one pipeline reach Redis in order, or the rest with them
    }
    return stamps;
  }

  /** Redis took every message up to {@code stamp}. */
  void handedToRedis(SequenceStamp stamp) {
    lastHandedOver = Math.max(lastHandedOver, stamp.seq());
  }

  /** {@code count} announcements were dropped without being tried. */
  void skip(int count) {
    skipped.addAndGet(count);
  }

  /** Whether the receivers are yet to learn of a lost announcement: a notice is owed. */
  boolean lossUnreported() {
    return skipped.get() > 0 || last != lastHandedOver;
  }
}
