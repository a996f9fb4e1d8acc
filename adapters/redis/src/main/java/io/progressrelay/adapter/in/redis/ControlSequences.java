package io.progressrelay.adapter.in.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells, from the numbers of the control messages received since the last subscription, when an
 * instance's announcement was lost on the way here: the message says so itself ({@link
 * SequenceStamp#followsALoss}), or its number is not the one after the last received from the same
 * origin. Either way the listener's caches may be missing a change. Remembers the most recently
 * heard origins only; a forgotten one is checked by the first rule alone, which suffices (see
 * docs/redis.md). Used by the listener thread only.
 */
final class ControlSequences {
  static final int MAX_ORIGINS = 1_024;

  private final Map<String, Long> lastReceived =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_ORIGINS;
        }
      };

  /** Records {@code stamp} of {@code origin}; true when an announcement was lost before it. */
  boolean missedBefore(String origin, SequenceStamp stamp) {
    Long previous = lastReceived.put(origin, stamp.seq());
    return stamp.followsALoss() || (previous != null && stamp.seq() != previous + 1);
  }

  /** Starts over, for a new subscription: what was received before it no longer counts. */
  void forgetAll() {
    lastReceived.clear();
  }
}
