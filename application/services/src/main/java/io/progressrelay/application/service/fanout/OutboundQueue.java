package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.FrameFormat;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.DeliveryPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one connection, in a ring: those handed to the socket and not yet confirmed (in
 * flight), then those waiting, bounded in count and bytes. Holds the coalescing policy: while the
 * socket is behind, a progress frame replaces an unsent one of the same key in place, unless
 * another frame of its channel was queued after it. Does no I/O and allocates nothing per frame
 * once its ring has grown to the connection's usual depth. Not thread-safe: guarded by its
 * connection.
 */
final class OutboundQueue {
  /** What adding a frame did. */
  enum Added {
    QUEUED,
    COALESCED,
    OVERFLOWED
  }

  // Small to start with: every socket holds one queue, and most hold a frame or two at a time.
  private static final int INITIAL_CAPACITY = 4;
  // A ring grown past this by a burst goes back to the initial size once it empties, so a socket
  // that once fell behind does not keep a large ring while idle.
  private static final int KEPT_CAPACITY = 32;
  // How far the oldest waiting event may lag a new one before the socket counts as behind even
  // between writes: its delivery thread cannot keep up, and progress coalesces so the lag stops
  // growing. A time, not a count: a worker's burst of a few dozen events in a millisecond is not a
  // lag.
  static final long BEHIND_NANOS = 100_000_000L;
  // How many waiting frames the lag check looks at for one with a receipt time.
  private static final int LAG_SCAN = 4;

  // The batch in flight was not taken by the socket at once; cleared when it completes.
  private boolean socketFull;

  private final QueueLimits limits;
  private final FrameFormat format;
  // Server-Sent Events only: until the catch-up ends, events leave without their id, so the
  // client's resume point (its Last-Event-ID) stays where it was until it has everything.
  private boolean idsSuppressed;
  private OutboundFrame[] frames = new OutboundFrame[INITIAL_CAPACITY];
  private DeliveryTracker[] trackers = new DeliveryTracker[INITIAL_CAPACITY];
  // The recipient's index in its event's tracker, beside the tracker.
  private int[] recipients = new int[INITIAL_CAPACITY];
  // Positions only grow; a slot is position & (capacity - 1). head <= sendFrom <= tail:
  // [head, sendFrom) is in flight, [sendFrom, tail) is waiting.
  private int head;
  private int sendFrom;
  private int tail;
  private long waitingBytes;
  private long coalesced;

  OutboundQueue(QueueLimits limits) {
    this(limits, FrameFormat.PAYLOAD);
  }

  /** A queue whose frames leave in {@code format}. */
  OutboundQueue(QueueLimits limits, FrameFormat format) {
    this.limits = limits;
    this.format = format;
    this.idsSuppressed = format == FrameFormat.SSE;
  }

  /**
   * Coalesces {@code frame} into the unsent one it supersedes while the socket is behind, or
   * appends it if it fits. Behind means the socket did not take the batch in flight when it was
   * written (its kernel buffer is full: the reader is not keeping up), the queue is half full, the
   * oldest waiting event was received {@link #BEHIND_NANOS} or more before this one (the delivery
   * thread lags), or the frame would not fit. Frames that only wait for the delivery thread's next
   * turn, or for a write the socket is taking, all go out, so a socket that keeps up gets every
   * event, as from the relay this one replaced.
   */
  Added add(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    boolean latest = frame.policy() == DeliveryPolicy.LATEST;
    boolean behind = latest && (socketFull || halfFull() || lagsBehind(frame));
    if (behind && coalesce(frame, tracker, recipient)) {
      return Added.COALESCED;
    }
    if (tail - sendFrom >= limits.maxFrames() || waitingBytes + frame.bytes() > limits.maxBytes()) {
      return latest && !behind && coalesce(frame, tracker, recipient)
          ? Added.COALESCED
          : Added.OVERFLOWED;
    }
    if (tail - head == frames.length) {
      resize(frames.length * 2);
    }
    int slot = tail++ & (frames.length - 1);
    frames[slot] = frame;
    trackers[slot] = tracker;
    recipients[slot] = recipient;
    waitingBytes += frame.bytes();
    return Added.QUEUED;
  }

  // Replacing in place is only safe when nothing of the same channel was queued after the frame
  // replaced. The scan stops at the channel's last waiting frame, so it passes only frames of other
  // channels: none while the socket keeps up, a few for a reader that fell behind.
  private boolean coalesce(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    int mask = frames.length - 1;
    for (int position = tail - 1; position - sendFrom >= 0; position--) {
      int slot = position & mask;
      OutboundFrame waiting = frames[slot];
      if (waiting.orderKey().equals(frame.orderKey())) {
        if (waiting.policy() != DeliveryPolicy.LATEST
            || !waiting.coalesceKey().equals(frame.coalesceKey())) {
          return false;
        }
        DeliveryTracker superseded = trackers[slot];
        int supersededRecipient = recipients[slot];
        waitingBytes += frame.bytes() - waiting.bytes();
        frames[slot] = frame;
        trackers[slot] = tracker;
        recipients[slot] = recipient;
        coalesced++;
        if (superseded != null) {
          superseded.missed(supersededRecipient, DeliveryOutcome.COALESCED);
        }
        return true;
      }
    }
    return false;
  }

  // Progress stops taking room from frames no newer one replaces (terminal, other) before it runs
  // out: a burst that reaches one socket faster than it is written then ends in coalesced progress,
  // not in a terminal event that does not fit.
  private boolean halfFull() {
    return tail - sendFrom >= limits.maxFrames() / 2 || waitingBytes >= limits.maxBytes() / 2;
  }

  // The oldest waiting event (a control frame or a replay has no receipt time of its own, so the
  // first of a few that has one) was received BEHIND_NANOS or more before this one.
  private boolean lagsBehind(OutboundFrame frame) {
    if (!frame.timed()) {
      return false;
    }
    int mask = frames.length - 1;
    int last = Math.min(tail, sendFrom + LAG_SCAN);
    for (int position = sendFrom; position != last; position++) {
      OutboundFrame waiting = frames[position & mask];
      if (waiting.timed()) {
        return frame.receivedNanos() - waiting.receivedNanos() >= BEHIND_NANOS;
      }
    }
    return false;
  }

  boolean hasWaiting() {
    return tail != sendFrom;
  }

  /**
   * Moves the oldest waiting frames into flight and into {@code batch}: at least one, then as many
   * as the batch takes. Returns how many moved.
   */
  int startSending(WriteBatch batch) {
    int mask = frames.length - 1;
    int moved = 0;
    while (sendFrom != tail) {
      OutboundFrame frame = frames[sendFrom & mask];
      if (!batch.add(frame.wire(format, !idsSuppressed), frame.bytes())) {
        break;
      }
      if (idsSuppressed && frame.endsCatchUp()) {
        idsSuppressed = false;
      }
      waitingBytes -= frame.bytes();
      sendFrom++;
      moved++;
    }
    return moved;
  }

  /** The most frames that may wait. */
  int maxFrames() {
    return limits.maxFrames();
  }

  /** How many frames are in flight. */
  int inFlight() {
    return sendFrom - head;
  }

  /** The in-flight frame at {@code index}, 0 being the oldest. */
  OutboundFrame inFlightFrame(int index) {
    return frames[(head + index) & (frames.length - 1)];
  }

  /** The tracker of the in-flight frame at {@code index}; null when its delivery is unrecorded. */
  DeliveryTracker inFlightTracker(int index) {
    return trackers[(head + index) & (frames.length - 1)];
  }

  /** The recipient index, in its tracker, of the in-flight frame at {@code index}. */
  int inFlightRecipient(int index) {
    return recipients[(head + index) & (frames.length - 1)];
  }

  /** The socket did not take the batch in flight at once: it waits for the reader to drain it. */
  void socketFull() {
    socketFull = true;
  }

  /** Forgets the frames in flight: their write completed, one way or the other. */
  void releaseInFlight() {
    socketFull = false;
    int mask = frames.length - 1;
    for (; head != sendFrom; head++) {
      frames[head & mask] = null;
      trackers[head & mask] = null;
    }
    if (head == tail && frames.length > KEPT_CAPACITY) {
      frames = new OutboundFrame[INITIAL_CAPACITY];
      trackers = new DeliveryTracker[INITIAL_CAPACITY];
      recipients = new int[INITIAL_CAPACITY];
      head = sendFrom = tail = 0;
    }
  }

  /**
   * Empties the waiting frames and returns the trackers among them (the frames in flight stay, for
   * their write to settle).
   */
  List<DeliveryTracker.Slot> clearWaiting() {
    List<DeliveryTracker.Slot> waiting = new ArrayList<>();
    int mask = frames.length - 1;
    for (int position = sendFrom; position != tail; position++) {
      int slot = position & mask;
      if (trackers[slot] != null) {
        waiting.add(new DeliveryTracker.Slot(trackers[slot], recipients[slot]));
      }
      frames[slot] = null;
      trackers[slot] = null;
    }
    tail = sendFrom;
    waitingBytes = 0;
    return waiting;
  }

  /** Frames waiting (not in flight). */
  int size() {
    return tail - sendFrom;
  }

  /** Bytes waiting (not in flight). */
  long bytes() {
    return waitingBytes;
  }

  long coalesced() {
    return coalesced;
  }

  // Copies the ring in order to a new one; positions start again at 0.
  private void resize(int capacity) {
    int size = tail - head;
    OutboundFrame[] grownFrames = new OutboundFrame[capacity];
    DeliveryTracker[] grownTrackers = new DeliveryTracker[capacity];
    int[] grownRecipients = new int[capacity];
    int mask = frames.length - 1;
    for (int i = 0; i < size; i++) {
      grownFrames[i] = frames[(head + i) & mask];
      grownTrackers[i] = trackers[(head + i) & mask];
      grownRecipients[i] = recipients[(head + i) & mask];
    }
    sendFrom -= head;
    tail = size;
    head = 0;
    frames = grownFrames;
    trackers = grownTrackers;
    recipients = grownRecipients;
  }

  @Override
  public String toString() {
    return "OutboundQueue[inFlight="
        + inFlight()
        + ", waiting="
        + size()
        + ", "
        + waitingBytes
        + " bytes]";
  }
}
