package io.progressrelay.adapter.in.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells, from the numbers of the control messages received since the last subscription, whether a
 * message is the first of its number and whether an instance's announcement was lost on the way
 * here: the message says so itself ({@link SequenceStamp#followsALoss}), or its number is further
 * on than the one after the last received from the same origin. A number at or below the last one
 * is a repeat (a copy from another master of a Redis Cluster, or a message the announcer sent
 * twice) and changes nothing. Remembers the most recently heard origins only; a forgotten one is
 * checked by the first rule alone, which suffices (see docs/redis.md). Used by the listener thread
 * only.
 */
final class ControlSequences {
  static final int MAX_ORIGINS = 1_024;

  /** What a received message is. */
  enum Verdict {
    /** The next number of its origin, or the first heard since the last subscription. */
    NEXT,
    /** The first of its number, but one or more of the origin's were lost before it. */
    AFTER_A_LOSS,
    /** A number already received: applied once, not again. */
    REPEAT
  }

  private final Map<String, Long> lastReceived =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_ORIGINS;
        }
      };

  /** Records {@code stamp} of {@code origin} and judges it. */
  Verdict receive(String origin, SequenceStamp stamp) {
    Long previous = lastReceived.get(origin);
    if (previous != null && stamp.seq() <= previous) {
      return Verdict.REPEAT;
    }
    lastReceived.put(origin, stamp.seq());
    return stamp.followsALoss() || (previous != null && stamp.seq() != previous + 1)
        ? Verdict.AFTER_A_LOSS
        : Verdict.NEXT;
  }

  /** Starts over, for a new subscription: what was received before it no longer counts. */
  void forgetAll() {
    lastReceived.clear();
  }
}
