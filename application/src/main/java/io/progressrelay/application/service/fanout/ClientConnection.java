package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientSession;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.service.fanout.OutboundQueue.Slot;
import io.progressrelay.application.service.fanout.ProgressThrottle.Held;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
    /** Queued (or held by the rate limit) behind what was already waiting. */
    QUEUED,
    /** Replaced an unsent frame it supersedes. */
    COALESCED,
    /** Replaced a progress frame the rate limit was holding, which is now never sent. */
    RATE_LIMITED,
    /** Did not fit: the connection was closed as a slow consumer. */
    OVERFLOWED,
    /** The connection was already closed. */
    REFUSED
  }

  private final ClientGateway gateway;
  private final Consumer<ClientConnection> onClosed;
  private final OutboundQueue queue;
  private final ProgressThrottle throttle;
  private final ScheduledExecutorService throttleTimer;
  private final Instant connectedAt;
  private final DeliveryCounters counters;
  private final boolean latestOnSubscribe;
  private boolean writing;
  private boolean closed;
  private boolean releaseScheduled;
  private Slot toStart;
  private long framesSent;
  private long framesRateLimited;
  private int releasedButDropped; // held frames released after the one that overflowed
  // While this connection's own subscribe request runs: the order key of its upload, and the
  // upload's latest event, held back until the answer is queued.
  private String answering;
  private OutboundFrame heldLatest;

  /**
   * A connection whose first frame is {@code greeting}. Nothing is written until {@link #start()}:
   * frames offered before then queue behind the greeting.
   */
  ClientConnection(
      ClientGateway gateway,
      QueueLimits limits,
      Consumer<ClientConnection> onClosed,
      String greeting) {
    this(gateway, limits, onClosed, greeting, Duration.ZERO, null, Instant.now());
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
      ScheduledExecutorService throttleTimer,
      Instant connectedAt) {
    this(
        gateway,
        limits,
        onClosed,
        greeting,
        progressRateLimit,
        throttleTimer,
        connectedAt,
        new DeliveryCounters(),
        ClientCapabilities.LATEST_ON_SUBSCRIBE);
  }

  /**
   * As above, reporting written and lost frames to {@code counters}, shared with other sockets, for
   * a client with {@code capabilities}.
   */
  ClientConnection(
      ClientGateway gateway,
      QueueLimits limits,
      Consumer<ClientConnection> onClosed,
      String greeting,
      Duration progressRateLimit,
      ScheduledExecutorService throttleTimer,
      Instant connectedAt,
      DeliveryCounters counters,
      ClientCapabilities capabilities) {
    this.gateway = gateway;
    this.counters = counters;
    this.latestOnSubscribe = capabilities.latestOnSubscribe();
    this.connectedAt = connectedAt;
    this.onClosed = onClosed;
    this.queue = new OutboundQueue(limits);
    this.throttle =
        progressRateLimit.isZero() ? null : new ProgressThrottle(progressRateLimit.toNanos());
    this.throttleTimer = throttleTimer;
    queue.add(OutboundFrame.control(greeting), null);
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

  /** Whether the client receives an upload's latest event when its user subscribes to it. */
  boolean wantsLatestOnSubscribe() {
    return latestOnSubscribe;
  }

  @Override
  public void send(String frame) {
    offer(OutboundFrame.control(frame), null);
  }

  Offer offer(OutboundFrame frame) {
    return offer(frame, null);
  }

  /**
   * Queues {@code frame}, or coalesces it into an unsent one it supersedes; {@code tracker} (may be
   * null) learns what became of it. A frame that does not fit closes the connection with {@link
   * #SLOW_CONSUMER}: the client reconnects and catches up rather than silently missing it.
   */
  Offer offer(OutboundFrame frame, DeliveryTracker tracker) {
    Offer outcome;
    Slot first;
    synchronized (this) {
      if (closed) {
        outcome = Offer.REFUSED;
        first = null;
      } else {
        if (heldLatest != null && heldLatest.orderKey().equals(frame.orderKey())) {
          heldLatest = null; // this event is newer than the latest one held back
        }
        outcome = admitLocked(frame, tracker);
        first = toStart;
        toStart = null;
      }
    }
    if (outcome == Offer.REFUSED && tracker != null) {
      tracker.missed(DeliveryOutcome.FAILED);
    }
    if (outcome == Offer.OVERFLOWED && tracker != null) {
      tracker.missed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
    }
    return finish(outcome, first);
  }

  /**
   * Offers the upload's latest event to this connection, whose user just subscribed to it. While
   * the connection's own subscribe request for that upload runs, the frame is held back and queued
   * after the request's answer.
   */
  Offer offerLatest(OutboundFrame latest) {
    Offer outcome;
    Slot first;
    synchronized (this) {
      if (closed) {
        return Offer.REFUSED;
      }
      if (latest.orderKey().equals(answering)) {
        heldLatest = latest;
        return Offer.QUEUED;
      }
      outcome = admitLocked(latest, null);
      first = toStart;
      toStart = null;
    }
    return finish(outcome, first);
  }

  @Override
  public void answerSubscribe(UploadId upload, Supplier<String> request) {
    String orderKey = new EventChannel.Upload(upload).name();
    synchronized (this) {
      if (answering != null) {
        throw new IllegalStateException("a subscribe request of this connection is still running");
      }
      answering = orderKey;
    }
    String answer = null;
    try {
      answer = request.get();
    } finally {
      queueAnswer(answer);
    }
  }

  // The answer (null when the request failed), then the latest event held back meanwhile, if
  // no newer event of its upload went ahead: both under one lock, so nothing comes between.
  private void queueAnswer(String answer) {
    Offer outcome = Offer.QUEUED;
    Slot first;
    synchronized (this) {
      OutboundFrame latest = heldLatest;
      heldLatest = null;
      answering = null;
      if (closed) {
        return;
      }
      if (answer != null) {
        outcome = admitLocked(OutboundFrame.control(answer), null);
      }
      if (latest != null && outcome != Offer.OVERFLOWED) {
        outcome = admitLocked(latest, null);
      }
      first = toStart;
      toStart = null;
    }
    finish(outcome, first);
  }

  // Under the monitor: through the rate limit (if any) into the queue.
  private Offer admitLocked(OutboundFrame frame, DeliveryTracker tracker) {
    Offer outcome = throttleLocked(frame, tracker);
    return outcome != null ? outcome : enqueueLocked(frame, tracker);
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
  private Offer enqueueLocked(OutboundFrame frame, DeliveryTracker tracker) {
    switch (queue.add(frame, tracker)) {
      case COALESCED:
        return Offer.COALESCED;
      case OVERFLOWED:
        return Offer.OVERFLOWED;
      default:
        if (!writing) {
          writing = true;
          toStart = takeNext();
        }
        return Offer.QUEUED;
    }
  }

  // Under the monitor. Null: the frame goes on to the queue. A frame the rate limit does not cover
  // first releases its channel's held progress, so publish order holds.
  private Offer throttleLocked(OutboundFrame frame, DeliveryTracker tracker) {
    if (throttle == null) {
      return null;
    }
    long now = System.nanoTime();
    if (frame.policy() != DeliveryPolicy.LATEST) {
      return enqueueAllLocked(throttle.releaseChannel(frame.orderKey(), now))
          ? null
          : Offer.OVERFLOWED;
    }
    switch (throttle.admit(frame, tracker, now, this::rateLimited)) {
      case PASS:
        return null;
      case REPLACED:
        return Offer.RATE_LIMITED;
      default:
        scheduleReleaseLocked(now);
        return Offer.QUEUED;
    }
  }

  private void rateLimited(Held replaced) {
    framesRateLimited++;
    if (replaced.tracker() != null) {
      replaced.tracker().missed(DeliveryOutcome.RATE_LIMITED);
    }
  }

  // False when one of them overflowed: it and every one released after it are dropped with the
  // connection, and each says so to its tracker (they are in neither the queue nor the throttle).
  private boolean enqueueAllLocked(List<Held> released) {
    for (int i = 0; i < released.size(); i++) {
      Held held = released.get(i);
      if (enqueueLocked(held.frame(), held.tracker()) == Offer.OVERFLOWED) {
        for (Held dropped : released.subList(i, released.size())) {
          if (dropped.tracker() != null) {
            dropped.tracker().missed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
          }
        }
        releasedButDropped = released.size() - i - 1;
        return false;
      }
    }
    return true;
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
      if (!enqueueAllLocked(throttle.releaseDue(now))) {
        outcome = Offer.OVERFLOWED;
      } else if (throttle.holdsAny()) {
        scheduleReleaseLocked(now);
      }
      first = toStart;
      toStart = null;
    }
    finish(outcome, first);
  }

  // Called with the lock held: the head is about to be sent; null (and idle) when none is left.
  private Slot takeNext() {
    Slot slot = queue.poll();
    if (slot == null) {
      writing = false;
    }
    return slot;
  }

  // Writes until the queue is empty or a write completes later, without recursing when the
  // gateway completes a write before returning.
  private void startWriting(Slot slot) {
    while (slot != null) {
      var completion = new WriteCompletion(this, slot.tracker, slot.frame, counters);
      try {
        gateway.write(slot.frame.wire(), completion);
      } catch (RuntimeException e) {
        completion.completed(e);
      }
      slot = completion.continueHere();
    }
  }

  /** Called by a write's completion: the next slot to write, or null when idle or closed. */
  Slot afterWrite(Throwable failure) {
    synchronized (this) {
      if (failure != null || closed) {
        writing = false;
        return null;
      }
      framesSent++;
      return takeNext();
    }
  }

  void continueWriting(Slot next) {
    startWriting(next);
  }

  private void closeSlow() {
    int discarded = markClosed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
    if (discarded >= 0) {
      // The frame that did not fit, those released after it, and those waiting.
      counters.closedSlow(discarded + 1 + releasedButDropped);
      gateway.close(SLOW_CONSUMER, "slow consumer: reconnect");
      onClosed.accept(this);
    }
  }

  /** The socket is gone (closed by either side): stop queueing, free everything. */
  @Override
  public void close() {
    if (markClosed(DeliveryOutcome.FAILED) >= 0) {
      onClosed.accept(this);
    }
  }

  // The number of frames discarded, or -1 when the connection was already closed.
  private int markClosed(DeliveryOutcome forWaitingFrames) {
    List<Slot> waiting;
    List<Held> held;
    synchronized (this) {
      if (closed) {
        return -1;
      }
      closed = true;
      waiting = queue.clear();
      held = throttle == null ? List.of() : throttle.clear();
    }
    for (Slot slot : waiting) {
      if (slot.tracker != null) {
        slot.tracker.missed(forWaitingFrames);
      }
    }
    for (Held frame : held) {
      if (frame.tracker() != null) {
        frame.tracker().missed(forWaitingFrames);
      }
    }
    return waiting.size() + held.size();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Queue depth and counters, read together. */
  synchronized ConnectionSnapshot snapshot() {
    return new ConnectionSnapshot(
        connectionId(),
        userId(),
        connectedAt,
        queue.size(),
        queue.bytes(),
        framesSent,
        queue.coalesced() + framesRateLimited);
  }
}
