package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.DeliveryOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The optional per-connection rate limit on progress: at most one frame per coalesce key (one
 * upload's, batch's or file's progress) passes per window; newer ones wait, replacing each other,
 * and the latest goes out when the window ends. Not thread-safe: guarded by its connection.
 */
final class ProgressThrottle {
  private static final int PRUNE_ABOVE = 1024;

  private final long windowNanos;
  private final Map<String, Long> lastPassedNanos = new HashMap<>();
  private final Map<String, Held> held = new LinkedHashMap<>();

  /**
   * A frame waiting for its window, with the tracker of its delivery (null when unrecorded) and the
   * recipient's index in it.
   */
  record Held(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    /** Tells the tracker, if any, that this frame will never be sent, for {@code reason}. */
    void missed(DeliveryOutcome reason) {
      if (tracker != null) {
        tracker.missed(recipient, reason);
      }
    }
  }

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

  /**
   * Lets {@code frame} pass, or holds it; a frame it replaces is returned through {@code replaced}
   * so its delivery can be recorded as rate limited.
   */
  Admission admit(
      OutboundFrame frame,
      DeliveryTracker tracker,
      int recipient,
      long nowNanos,
      Consumer<Held> replaced) {
    String key = frame.coalesceKey();
    Held previous = held.get(key);
    if (previous != null) {
      held.put(key, new Held(frame, tracker, recipient));
      replaced.accept(previous);
      return Admission.REPLACED;
    }
    Long last = lastPassedNanos.get(key);
    if (last == null || nowNanos - last >= windowNanos) {
      passed(key, nowNanos);
      return Admission.PASS;
    }
    held.put(key, new Held(frame, tracker, recipient));
    return Admission.HELD;
  }

  /** Held frames whose window has ended, oldest hold first. */
  List<Held> releaseDue(long nowNanos) {
    List<Held> due = new ArrayList<>();
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held waiting = it.next();
      if (nowNanos - lastPassedNanos.get(waiting.frame().coalesceKey()) >= windowNanos) {
        it.remove();
        due.add(waiting);
      }
    }
    due.forEach(waiting -> passed(waiting.frame().coalesceKey(), nowNanos));
    return due;
  }

  /**
   * Held frames of the channel {@code orderKey}, released early because a frame of the same channel
   * that is not throttled must follow them.
   */
  List<Held> releaseChannel(String orderKey, long nowNanos) {
    List<Held> released = new ArrayList<>();
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held waiting = it.next();
      if (waiting.frame().orderKey().equals(orderKey)) {
        it.remove();
        released.add(waiting);
      }
    }
    released.forEach(waiting -> passed(waiting.frame().coalesceKey(), nowNanos));
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

  /** Forgets everything and returns what was still held. */
  List<Held> clear() {
    List<Held> dropped = new ArrayList<>(held.values());
    held.clear();
    lastPassedNanos.clear();
    return dropped;
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
