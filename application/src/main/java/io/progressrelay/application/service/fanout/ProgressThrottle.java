package io.progressrelay.application.service.fanout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional per-connection rate limit on progress: at most one frame per coalesce key (one
 * upload's, batch's or file's progress) passes per window; newer ones wait, replacing each other,
 * and the latest goes out when the window ends. Not thread-safe: guarded by its connection.
 */
final class ProgressThrottle {
  private static final int PRUNE_ABOVE = 1024;

  private final long windowNanos;
  private final Map<String, Long> lastPassedNanos = new HashMap<>();
  private final Map<String, OutboundFrame> held = new LinkedHashMap<>();

  ProgressThrottle(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** What the throttle did with a progress frame. */
  enum Admission {
    /** Its window allows it: queue it now. */
    PASS,
    /** Held until its window ends. */
    HELD,
    /** Replaced the frame already held for its key. */
    REPLACED
  }

  Admission admit(OutboundFrame frame, long nowNanos) {
    String key = frame.coalesceKey();
    if (held.containsKey(key)) {
      held.put(key, frame);
      return Admission.REPLACED;
    }
    Long last = lastPassedNanos.get(key);
    if (last == null || nowNanos - last >= windowNanos) {
      passed(key, nowNanos);
      return Admission.PASS;
    }
    held.put(key, frame);
    return Admission.HELD;
  }

  /** Held frames whose window has ended, oldest hold first. */
  List<OutboundFrame> releaseDue(long nowNanos) {
    List<OutboundFrame> due = new ArrayList<>();
    for (Iterator<OutboundFrame> it = held.values().iterator(); it.hasNext(); ) {
      OutboundFrame frame = it.next();
      if (nowNanos - lastPassedNanos.get(frame.coalesceKey()) >= windowNanos) {
        it.remove();
        due.add(frame);
      }
    }
    due.forEach(frame -> passed(frame.coalesceKey(), nowNanos));
    return due;
  }

  /**
   * Held frames of the channel {@code orderKey}, released early because a frame of the same channel
   * that is not throttled must follow them.
   */
  List<OutboundFrame> releaseChannel(String orderKey, long nowNanos) {
    List<OutboundFrame> released = new ArrayList<>();
    for (Iterator<OutboundFrame> it = held.values().iterator(); it.hasNext(); ) {
      OutboundFrame frame = it.next();
      if (frame.orderKey().equals(orderKey)) {
        it.remove();
        released.add(frame);
      }
    }
    released.forEach(frame -> passed(frame.coalesceKey(), nowNanos));
    return released;
  }

  boolean holdsAny() {
    return !held.isEmpty();
  }

  /** Nanoseconds from {@code nowNanos} until the first held frame is due. */
  long nanosUntilNextDue(long nowNanos) {
    long soonest = Long.MAX_VALUE;
    for (String key : held.keySet()) {
      soonest = Math.min(soonest, lastPassedNanos.get(key) + windowNanos - nowNanos);
    }
    return Math.max(0, soonest);
  }

  void clear() {
    held.clear();
    lastPassedNanos.clear();
  }

  private void passed(String key, long nowNanos) {
    lastPassedNanos.put(key, nowNanos);
    if (lastPassedNanos.size() > PRUNE_ABOVE) {
      // Keys whose window has ended would pass anyway; forgetting them bounds the map.
      lastPassedNanos
          .entrySet()
          .removeIf(e -> nowNanos - e.getValue() >= windowNanos && !held.containsKey(e.getKey()));
    }
  }
}
