package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.DeliveryPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames one connection has waiting, bounded in count and bytes, with the indexes that let a
 * progress frame replace an unsent one in place. Not thread-safe: guarded by its connection.
 */
final class OutboundQueue {
  /** What adding a frame did. */
  enum Added {
    QUEUED,
    COALESCED,
    OVERFLOWED
  }

  /** One waiting frame and the tracker of its delivery (null when unrecorded). */
  static final class Slot {
    OutboundFrame frame;
    DeliveryTracker tracker;

    Slot(OutboundFrame frame, DeliveryTracker tracker) {
      this.frame = frame;
      this.tracker = tracker;
    }
  }

  private final QueueLimits limits;
  // Small to start with: every socket holds one queue, and most hold a frame or two at a time.
  private final ArrayDeque<Slot> slots = new ArrayDeque<>(4);
  private final Map<String, Slot> unsentLatest = new HashMap<>(4);
  private final Map<String, Slot> lastOfOrder = new HashMap<>(4);
  private long bytes;
  private long coalesced;

  OutboundQueue(QueueLimits limits) {
    this.limits = limits;
  }

  /** Coalesces {@code frame} into the unsent one it supersedes, or appends it if it fits. */
  Added add(OutboundFrame frame, DeliveryTracker tracker) {
    if (frame.policy() == DeliveryPolicy.LATEST && coalesce(frame, tracker)) {
      return Added.COALESCED;
    }
    if (slots.size() >= limits.maxFrames() || bytes + frame.bytes() > limits.maxBytes()) {
      return Added.OVERFLOWED;
    }
    var slot = new Slot(frame, tracker);
    slots.addLast(slot);
    bytes += frame.bytes();
    lastOfOrder.put(frame.orderKey(), slot);
    if (frame.policy() == DeliveryPolicy.LATEST) {
      unsentLatest.put(frame.coalesceKey(), slot);
    }
    return Added.QUEUED;
  }

  private boolean coalesce(OutboundFrame frame, DeliveryTracker tracker) {
    Slot unsent = unsentLatest.get(frame.coalesceKey());
    // Replacing in place is only safe when nothing of the same channel was queued after it.
    if (unsent == null || lastOfOrder.get(frame.orderKey()) != unsent) {
      return false;
    }
    bytes += frame.bytes() - unsent.frame.bytes();
    DeliveryTracker superseded = unsent.tracker;
    unsent.frame = frame;
    unsent.tracker = tracker;
    coalesced++;
    if (superseded != null) {
      superseded.missed(DeliveryOutcome.COALESCED);
    }
    return true;
  }

  /** Removes the oldest frame, which is about to be written; null when empty. */
  Slot poll() {
    Slot slot = slots.pollFirst();
    if (slot != null) {
      bytes -= slot.frame.bytes();
      unsentLatest.remove(slot.frame.coalesceKey(), slot);
      lastOfOrder.remove(slot.frame.orderKey(), slot);
    }
    return slot;
  }

  /** Empties the queue and returns what was waiting. */
  List<Slot> clear() {
    List<Slot> waiting = new ArrayList<>(slots);
    slots.clear();
    unsentLatest.clear();
    lastOfOrder.clear();
    bytes = 0;
    return waiting;
  }

  int size() {
    return slots.size();
  }

  long bytes() {
    return bytes;
  }

  long coalesced() {
    return coalesced;
  }
}
