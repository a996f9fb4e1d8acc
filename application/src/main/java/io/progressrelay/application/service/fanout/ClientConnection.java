package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.ClientSession;
import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection's bounded outbound queue with at most one write in flight. Thread-safe: any thread
 * may offer frames while the socket's completion callbacks drain the queue. The lock guards only
 * the queue's bookkeeping; socket writes start outside it, so an offering thread never waits on a
 * socket.
 */
final class ClientConnection implements ClientSession {
  /** WebSocket close code asking a client that fell behind to reconnect and resynchronise. */
  static final int SLOW_CONSUMER = 4008;

  /** What happened to an offered frame. */
  enum Offer {
    /** Queued behind what was already waiting. */
    QUEUED,
    /** Replaced an unsent frame it supersedes. */
    COALESCED,
    /** Did not fit: the connection was closed as a slow consumer. */
    OVERFLOWED,
    /** The connection was already closed. */
    REFUSED
  }

  /** One queued frame; LATEST frames may have theirs replaced while they wait. */
  private static final class Slot {
    OutboundFrame frame;

    Slot(OutboundFrame frame) {
      this.frame = frame;
    }
  }

  private final ClientGateway gateway;
  private final QueueLimits limits;
  private final Consumer<ClientConnection> onClosed;
  private final ProgressThrottle throttle;
  private final ScheduledExecutorService throttleTimer;
  private final ArrayDeque<Slot> queue = new ArrayDeque<>();
  private final Map<String, Slot> unsentLatest = new HashMap<>();
  private final Map<String, Slot> lastQueuedOfOrder = new HashMap<>();
  private long queuedBytes;
  private boolean writing;
  private boolean closed;
  private boolean releaseScheduled;
  private Slot toStart;
  private long framesSent;
  private long framesCoalesced;

  /**
   * A connection whose first frame is {@code greeting}. Nothing is written until {@link #start()}:
   * frames offered before then queue behind the greeting.
   */
  ClientConnection(
      ClientGateway gateway,
      QueueLimits limits,
      Consumer<ClientConnection> onClosed,
      String greeting) {
    this(gateway, limits, onClosed, greeting, Duration.ZERO, null);
  }

  /**
   * As above, with progress frames limited to one per coalesce key per {@code progressRateLimit}
   * (zero for no limit); held frames are released by {@code throttleTimer}.
   */
  ClientConnection(
      ClientGateway gateway,
      QueueLimits limits,
      Consumer<ClientConnection> onClosed,
      String greeting,
      Duration progressRateLimit,
      ScheduledExecutorService throttleTimer) {
    this.throttle =
        progressRateLimit.isZero() ? null : new ProgressThrottle(progressRateLimit.toNanos());
    this.throttleTimer = throttleTimer;
    this.gateway = gateway;
    this.limits = limits;
    this.onClosed = onClosed;
    var first = OutboundFrame.control(greeting);
    queue.addLast(new Slot(first));
    queuedBytes = first.bytes();
    writing = true; // held until start(), so offers only queue
  }

  /** Begins writing: the greeting first, then whatever was offered since. */
  void start() {
    Slot first;
    synchronized (this) {
      if (closed) {
        return;
      }
      first = takeNext();
    }
    startWriting(first);
  }

  @Override
  public String connectionId() {
    return gateway.connectionId();
  }

  UserId userId() {
    return gateway.userId();
  }

  @Override
  public void send(String frame) {
    offer(OutboundFrame.control(frame));
  }

  /**
   * Queues {@code frame}, or coalesces it into an unsent one it supersedes. A frame that does not
   * fit closes the connection with {@link #SLOW_CONSUMER}: the client reconnects and catches up
   * rather than silently missing it.
   */
  Offer offer(OutboundFrame frame) {
    Offer outcome;
    Slot first;
    synchronized (this) {
      if (closed) {
        return Offer.REFUSED;
      }
      outcome = throttleLocked(frame);
      if (outcome == null) {
        outcome = enqueueLocked(frame);
      }
      first = toStart;
      toStart = null;
    }
    return finish(outcome, first);
  }

  private Offer finish(Offer outcome, Slot first) {
    if (outcome == Offer.OVERFLOWED) {
      closeSlow();
      return outcome;
    }
    if (first != null) {
      startWriting(first);
    }
    return outcome;
  }

  // Under the monitor: queues or coalesces; a slot to start writing is left in toStart.
  private Offer enqueueLocked(OutboundFrame frame) {
    if (frame.policy() == DeliveryPolicy.LATEST && coalesce(frame)) {
      return Offer.COALESCED;
    }
    if (queue.size() >= limits.maxFrames() || queuedBytes + frame.bytes() > limits.maxBytes()) {
      return Offer.OVERFLOWED;
    }
    Slot first = append(frame);
    if (first != null) {
      toStart = first;
    }
    return Offer.QUEUED;
  }

  // Under the monitor. Null: the frame goes on to the queue. A frame the rate limit does not cover
  // first releases its channel's held progress, so publish order holds.
  private Offer throttleLocked(OutboundFrame frame) {
    if (throttle == null) {
      return null;
    }
    long now = System.nanoTime();
    if (frame.policy() != DeliveryPolicy.LATEST) {
      for (OutboundFrame held : throttle.releaseChannel(frame.orderKey(), now)) {
        if (enqueueLocked(held) == Offer.OVERFLOWED) {
          return Offer.OVERFLOWED;
        }
      }
      return null;
    }
    switch (throttle.admit(frame, now)) {
      case PASS:
        return null;
      case REPLACED:
        framesCoalesced++;
        return Offer.COALESCED;
      default:
        scheduleReleaseLocked(now);
        return Offer.QUEUED;
    }
  }

  private void scheduleReleaseLocked(long now) {
    if (!releaseScheduled) {
      releaseScheduled = true;
      throttleTimer.schedule(
          this::releaseDue, throttle.nanosUntilNextDue(now), TimeUnit.NANOSECONDS);
    }
  }

  // On the throttle timer: the latest held progress of each key whose window ended goes out.
  private void releaseDue() {
    Offer outcome = Offer.QUEUED;
    Slot first;
    synchronized (this) {
      releaseScheduled = false;
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      for (OutboundFrame frame : throttle.releaseDue(now)) {
        if (enqueueLocked(frame) == Offer.OVERFLOWED) {
          outcome = Offer.OVERFLOWED;
          break;
        }
      }
      if (outcome != Offer.OVERFLOWED && throttle.holdsAny()) {
        scheduleReleaseLocked(now);
      }
      first = toStart;
      toStart = null;
    }
    finish(outcome, first);
  }

  private boolean coalesce(OutboundFrame frame) {
    Slot unsent = unsentLatest.get(frame.coalesceKey());
    // Replacing in place is only safe when nothing of the same channel was queued after it.
    if (unsent == null || lastQueuedOfOrder.get(frame.orderKey()) != unsent) {
      return false;
    }
    queuedBytes += frame.bytes() - unsent.frame.bytes();
    unsent.frame = frame;
    framesCoalesced++;
    return true;
  }

  // Returns the slot to start writing when the connection was idle, else null.
  private Slot append(OutboundFrame frame) {
    var slot = new Slot(frame);
    queue.addLast(slot);
    queuedBytes += frame.bytes();
    lastQueuedOfOrder.put(frame.orderKey(), slot);
    if (frame.policy() == DeliveryPolicy.LATEST) {
      unsentLatest.put(frame.coalesceKey(), slot);
    }
    if (writing) {
      return null;
    }
    writing = true;
    return takeNext();
  }

  // Called with the lock held: removes the head from every index, since it is about to be sent.
  private Slot takeNext() {
    Slot slot = queue.pollFirst();
    if (slot == null) {
      writing = false;
      return null;
    }
    queuedBytes -= slot.frame.bytes();
    unsentLatest.remove(slot.frame.coalesceKey(), slot);
    lastQueuedOfOrder.remove(slot.frame.orderKey(), slot);
    return slot;
  }

  // Writes until the queue is empty or a write completes later, without recursing when the
  // gateway completes a write before returning.
  private void startWriting(Slot slot) {
    while (slot != null) {
      var completion = new Completion();
      try {
        gateway.write(slot.frame.text(), completion);
      } catch (RuntimeException e) {
        completion.completed(e);
      }
      slot = completion.continueHere();
    }
  }

  private Slot afterWrite(Throwable failure) {
    synchronized (this) {
      if (failure != null || closed) {
        writing = false;
        return null;
      }
      framesSent++;
      return takeNext();
    }
  }

  private void closeSlow() {
    if (markClosed()) {
      gateway.close(SLOW_CONSUMER, "slow consumer: reconnect");
      onClosed.accept(this);
    }
  }

  /** The socket is gone (closed by either side): stop queueing, free everything. */
  @Override
  public void close() {
    if (markClosed()) {
      onClosed.accept(this);
    }
  }

  private synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    queue.clear();
    if (throttle != null) {
      throttle.clear();
    }
    unsentLatest.clear();
    lastQueuedOfOrder.clear();
    queuedBytes = 0;
    return true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Queue depth and counters, read together. */
  synchronized ConnectionSnapshot snapshot() {
    return new ConnectionSnapshot(
        connectionId(), userId(), queue.size(), queuedBytes, framesSent, framesCoalesced);
  }

  /**
   * Bridges the gateway's completion callback to the write loop: a write that completes while
   * {@code write} is still on the stack is continued by the loop, a later one by the callback.
   */
  private final class Completion implements ClientGateway.WriteCallback {
    private static final int PENDING = 0;
    private static final int DONE_INLINE = 1;
    private static final int ASYNC = 2;

    private final AtomicInteger state = new AtomicInteger(PENDING);
    private volatile Throwable failure;

    @Override
    public void completed(Throwable failure) {
      this.failure = failure;
      if (failure != null) {
        close();
      }
      if (!state.compareAndSet(PENDING, DONE_INLINE)) {
        startWriting(afterWrite(failure));
      }
    }

    Slot continueHere() {
      if (state.compareAndSet(PENDING, ASYNC)) {
        return null;
      }
      return afterWrite(failure);
    }
  }
}
