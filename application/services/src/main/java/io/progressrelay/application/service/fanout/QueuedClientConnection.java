package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.service.fanout.ChannelHistory.Gap;
import io.progressrelay.application.service.fanout.ChannelHistory.Recovery;
import io.progressrelay.application.service.fanout.ProgressThrottle.Held;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One connection: its bounded queue and rate limit, and whether it is idle, waiting for a turn on
 * its {@link DeliveryWriter} or has a write in flight (at most one). Any thread may offer frames;
 * offering only queues, and hands the connection to its writer when it was idle, so an offering
 * thread never touches a socket. The writer's turns take the waiting frames as one batch; the
 * write's completion (this object is its callback) settles them and asks for the next turn.
 * Thread-safe: one lock guards the bookkeeping and is never held during a socket call.
 */
final class QueuedClientConnection implements ClientConnection, ClientSocket.WriteCallback {
  /** What happened to an offered frame. */
  enum Offer {
    /** Queued (or held by the rate limit) behind what was already waiting. */
    QUEUED,
    /** Replaced an unsent frame it supersedes. */
    COALESCED,
    /** Replaced a progress frame the rate limit was holding, which is now never sent. */
    RATE_LIMITED,
    /** Did not fit: the connection is closed as a slow consumer. */
    OVERFLOWED,
    /** The connection was already closed. */
    REFUSED
  }

  /** What a turn on the delivery thread comes to. */
  enum Turn {
    /** The batch holds frames to write. */
    WRITE,
    /** Nothing to do: a write is in flight, nothing waits, or the connection is closed. */
    NOTHING,
    /** The connection fell behind: end it as a slow consumer. */
    SLOW_CONSUMER
  }

  private final ClientSocket socket;
  private final DeliveryWriter writer;
  private final Consumer<QueuedClientConnection> onClosed;
  private final OutboundQueue queue;
  private final ProgressThrottle throttle;
  private final ScheduledExecutorService throttleTimer;
  private final Instant connectedAt;
  private final DeliveryCounters counters;
  private final boolean latestOnSubscribe;
  private final boolean resumes;
  private final CatchUps catchUps;
  // Linked into the writer's list of connections ready for a turn; owned by that list.
  QueuedClientConnection nextReady;
  // Guarded by this.
  private boolean started;
  private boolean scheduled; // in the writer's ready list
  private boolean writing; // a batch is in flight
  private boolean closed;
  private boolean closeAsSlow; // closed as a slow consumer; the writer has yet to disconnect it
  private boolean releaseScheduled;
  private long framesSent;
  private long framesRateLimited;
  private int releasedButDropped; // held frames released after the one that overflowed
  // While this connection's own subscribe request runs: the order key of its upload, and the
  // upload's latest event, held back until the answer is queued.
  private String answering;
  private OutboundFrame heldLatest;
  // While this connection's own subscribe request resumes an upload (it gave a position): the
  // position, and the upload's frames held back until the answer is queued.
  private Position answeringSince;
  private List<Held> heldForAnswer;
  // While the catch-up after authentication runs; null before and after.
  private CatchUpState catchUp;
  private boolean caughtUp;

  /**
   * A connection written by {@code writer} whose first frame is {@code greeting}. Nothing is
   * written until {@link #start()}: frames offered before then queue behind the greeting. Progress
   * frames are limited to one per coalesce key per {@code progressRateLimit} (zero for no limit),
   * held ones released by {@code throttleTimer}; written and lost frames are reported to {@code
   * counters}, shared with other connections.
   */
  QueuedClientConnection(
      ClientSocket socket,
      DeliveryWriter writer,
      QueueLimits limits,
      Consumer<QueuedClientConnection> onClosed,
      String greeting,
      Duration progressRateLimit,
      ScheduledExecutorService throttleTimer,
      Instant connectedAt,
      DeliveryCounters counters,
      ClientCapabilities capabilities) {
    this(
        socket,
        writer,
        limits,
        onClosed,
        greeting,
        progressRateLimit,
        throttleTimer,
        connectedAt,
        counters,
        capabilities,
        CatchUps.NONE);
  }

  /** As above, catching up through {@code catchUps} when the client resumes. */
  QueuedClientConnection(
      ClientSocket socket,
      DeliveryWriter writer,
      QueueLimits limits,
      Consumer<QueuedClientConnection> onClosed,
      String greeting,
      Duration progressRateLimit,
      ScheduledExecutorService throttleTimer,
      Instant connectedAt,
      DeliveryCounters counters,
      ClientCapabilities capabilities,
      CatchUps catchUps) {
    this.socket = socket;
    this.resumes = capabilities.resumes();
    this.catchUps = catchUps;
    this.writer = writer;
    this.counters = counters;
    this.latestOnSubscribe = capabilities.latestOnSubscribe();
    this.connectedAt = connectedAt;
    this.onClosed = onClosed;
    this.queue = new OutboundQueue(limits, capabilities.format());
    this.throttle =
        progressRateLimit.isZero() ? null : new ProgressThrottle(progressRateLimit.toNanos());
    this.throttleTimer = throttleTimer;
    queue.add(OutboundFrame.control(greeting), null, 0);
  }

  /** Begins writing: the greeting first, then whatever was offered since. */
  void start() {
    boolean handOver;
    synchronized (this) {
      started = true;
      handOver = scheduleLocked();
    }
    handOver(handOver);
  }

  @Override
  public String connectionId() {
    return socket.connectionId();
  }

  UserId userId() {
    return socket.userId();
  }

  ClientSocket socket() {
    return socket;
  }

  /** Whether the client receives an upload's latest event when its user subscribes to it. */
  boolean wantsLatestOnSubscribe() {
    return latestOnSubscribe;
  }

  /** Whether the client sees positions: it resumes, catches up, and is told of gaps. */
  boolean resumes() {
    return resumes;
  }

  @Override
  public void send(String frame) {
    offer(OutboundFrame.control(frame), null, 0);
  }

  Offer offer(OutboundFrame frame) {
    return offer(frame, null, 0);
  }

  /**
   * Queues {@code frame}, or coalesces it into an unsent one it supersedes; {@code tracker} (may be
   * null) learns what became of it for its recipient {@code recipient}. A frame that does not fit
   * closes the connection as a slow consumer: the client reconnects and catches up rather than
   * silently missing it.
   */
  Offer offer(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    Offer outcome;
    boolean handOver = false;
    synchronized (this) {
      if (closed) {
        outcome = Offer.REFUSED;
      } else {
        if (heldLatest != null && heldLatest.orderKey().equals(frame.orderKey())) {
          heldLatest = null; // this event is newer than the latest one held back
        }
        if (heldForAnswer != null && frame.orderKey().equals(answering)) {
          heldForAnswer.add(new Held(frame, tracker, recipient));
          return Offer.QUEUED;
        }
        if (catchUp != null && !frame.isControl()) {
          // Live events wait for the catch-up, within the queue's bound.
          if (catchUp.heldCount() >= queue.maxFrames()) {
            outcome = Offer.OVERFLOWED;
          } else {
            catchUp.hold(new Held(frame, tracker, recipient));
            outcome = Offer.QUEUED;
          }
        } else {
          outcome = admitLocked(frame, tracker, recipient);
          handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
        }
      }
    }
    if (outcome == Offer.REFUSED && tracker != null) {
      tracker.missed(recipient, DeliveryOutcome.FAILED);
    }
    if (outcome == Offer.OVERFLOWED && tracker != null) {
      tracker.missed(recipient, DeliveryOutcome.DROPPED_SLOW_CONSUMER);
    }
    return finish(outcome, handOver);
  }

  /**
   * Offers the upload's latest event to this connection, whose user just subscribed to it. While
   * the connection's own subscribe request for that upload runs, the frame is held back and queued
   * after the request's answer.
   */
  Offer offerLatest(OutboundFrame latest) {
    Offer outcome;
    boolean handOver;
    synchronized (this) {
      if (closed) {
        return Offer.REFUSED;
      }
      if (latest.orderKey().equals(answering)) {
        heldLatest = latest;
        return Offer.QUEUED;
      }
      outcome = admitLocked(latest, null, 0);
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    return finish(outcome, handOver);
  }

  /**
   * Runs this connection's catch-up: the engine's channels answer through {@link #caughtUp}, live
   * events wait meanwhile, and {@code caught_up} follows the last answer. A catch-up whose channels
   * have not all answered within {@code timeout} (their audience cannot be loaded) ends without
   * them.
   */
  @Override
  public void catchUp(Optional<Position> since, List<UploadId> followedNewestFirst) {
    CatchUpState state;
    synchronized (this) {
      if (catchUp != null || caughtUp) {
        throw new IllegalStateException("a connection catches up once");
      }
      if (closed) {
        return;
      }
      state = new CatchUpState(followedNewestFirst.size() + 1);
      catchUp = state;
    }
    counters.caughtUp();
    throttleTimer.schedule(() -> endCatchUp(state), CATCH_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    catchUps.start(this, since.orElse(null), followedNewestFirst);
  }

  /** How long a catch-up waits for channels whose audience is still loading. */
  static final long CATCH_UP_TIMEOUT_SECONDS = 10;

  /** Counts {@code channels} channels as having answered with nothing, for engines without any. */
  void caughtUpChannels(int channels) {
    for (int i = 0; i < channels; i++) {
      caughtUp(null, null, List.of());
    }
  }

  /**
   * Channel {@code channelKey} answers this connection's catch-up, under the channel's lock: with
   * what the client missed since its position ({@code recovery}, null when it gave none), or its
   * latest state ({@code latest}, replays). A null key answers with nothing (the user does not
   * follow it after all). An answer after the catch-up ended is queued as it is.
   */
  void caughtUp(String channelKey, Recovery recovery, List<OutboundFrame> latest) {
    Offer outcome = Offer.QUEUED;
    boolean handOver;
    synchronized (this) {
      if (closed) {
        return;
      }
      counters.resumed(recovery);
      List<OutboundFrame> frames;
      if (catchUp != null) {
        frames = catchUp.answered(channelKey, recovery, latest);
      } else {
        frames =
            channelKey == null ? List.of() : CatchUpState.framesOf(channelKey, recovery, latest);
      }
      for (OutboundFrame frame : frames) {
        if ((outcome = admitLocked(frame, null, 0)) == Offer.OVERFLOWED) {
          break;
        }
      }
      if (outcome != Offer.OVERFLOWED && catchUp != null && catchUp.complete()) {
        outcome = endCatchUpLocked();
      }
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    finish(outcome, handOver);
  }

  // On the timer: a catch-up still waiting for channels ends without them.
  private void endCatchUp(CatchUpState state) {
    Offer outcome;
    boolean handOver;
    synchronized (this) {
      if (closed || catchUp != state) {
        return;
      }
      outcome = endCatchUpLocked();
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    finish(outcome, handOver);
  }

  // Under the monitor: the held live events, then caught_up with where the client now stands.
  private Offer endCatchUpLocked() {
    List<Held> release = catchUp.release();
    catchUp = null;
    caughtUp = true;
    if (!enqueueHeldLocked(release)) {
      return Offer.OVERFLOWED;
    }
    return admitLocked(OutboundFrame.caughtUp(catchUps.cursorNow()), null, 0);
  }

  // Under the monitor; false when one overflowed (it and those after it are dropped).
  private boolean enqueueHeldLocked(List<Held> frames) {
    for (int i = 0; i < frames.size(); i++) {
      Held event = frames.get(i);
      if (admitLocked(event.frame(), event.tracker(), event.recipient()) == Offer.OVERFLOWED) {
        for (Held dropped : frames.subList(i + 1, frames.size())) {
          dropped.missed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
        }
        releasedButDropped = frames.size() - i - 1;
        return false;
      }
    }
    return true;
  }

  /**
   * Under the upload route's lock, when this connection's user subscribed: if the subscribe request
   * running on this connection resumes {@code channelKey}, it takes what the client missed from
   * {@code recovery} (or a gap and {@code latest}) to queue after its answer, and true is returned;
   * otherwise false, and the caller offers the latest event as usual.
   */
  boolean resumesBySubscribing(
      String channelKey, Function<Position, Recovery> recovery, OutboundFrame latest) {
    synchronized (this) {
      if (closed || answeringSince == null || !channelKey.equals(answering)) {
        return false;
      }
      // What was held so far is in the recovery (it went out under the same lock), or older than
      // the latest state that follows a gap.
      heldForAnswer.forEach(event -> event.missed(DeliveryOutcome.COALESCED));
      heldForAnswer.clear();
      List<OutboundFrame> latestState = latest == null ? List.of() : List.of(latest.replay());
      Recovery missed = recovery.apply(answeringSince);
      counters.resumed(missed);
      for (OutboundFrame frame : CatchUpState.framesOf(channelKey, missed, latestState)) {
        heldForAnswer.add(new Held(frame, null, 0));
      }
      answeringSince = null; // answered: later frames are held as they come
      return true;
    }
  }

  /** Whether this connection's own subscribe request for {@code channelKey} is running. */
  synchronized boolean isAnswering(String channelKey) {
    return channelKey.equals(answering);
  }

  /**
   * A client of positions may have missed events of {@code channelKey}: tells it with a {@code gap}
   * frame, then the channel's latest state.
   */
  void offerGap(String channelKey, Gap gap, List<OutboundFrame> latestStates) {
    Offer outcome = Offer.QUEUED;
    boolean handOver;
    synchronized (this) {
      if (closed) {
        return;
      }
      counters.gap();
      List<OutboundFrame> frames = new ArrayList<>(latestStates.size() + 1);
      frames.add(OutboundFrame.gap(channelKey, gap.reason()));
      frames.addAll(latestStates);
      for (OutboundFrame frame : frames) {
        if ((outcome = admitLocked(frame, null, 0)) == Offer.OVERFLOWED) {
          break;
        }
      }
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    finish(outcome, handOver);
  }

  @Override
  public void answerSubscribe(UploadId upload, Optional<Position> since, Supplier<String> request) {
    String orderKey = EventChannel.keyOf(upload);
    synchronized (this) {
      if (answering != null) {
        throw new IllegalStateException("a subscribe request of this connection is still running");
      }
      answering = orderKey;
      if (resumes && since.isPresent()) {
        answeringSince = since.get();
        heldForAnswer = new ArrayList<>(4);
      }
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
    boolean handOver;
    synchronized (this) {
      OutboundFrame latest = heldLatest;
      List<Held> held = heldForAnswer;
      heldLatest = null;
      heldForAnswer = null;
      answeringSince = null;
      answering = null;
      if (closed) {
        if (held != null) {
          held.forEach(event -> event.missed(DeliveryOutcome.FAILED));
        }
        return;
      }
      if (answer != null) {
        outcome = admitLocked(OutboundFrame.control(answer), null, 0);
      }
      if (latest != null && outcome != Offer.OVERFLOWED) {
        outcome = admitLocked(latest, null, 0);
      }
      if (held != null && outcome != Offer.OVERFLOWED && !enqueueHeldLocked(held)) {
        outcome = Offer.OVERFLOWED;
      }
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    finish(outcome, handOver);
  }

  // Under the monitor: through the rate limit (if any) into the queue.
  private Offer admitLocked(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    Offer outcome = throttleLocked(frame, tracker, recipient);
    return outcome != null ? outcome : enqueueLocked(frame, tracker, recipient);
  }

  private Offer finish(Offer outcome, boolean handOver) {
    if (outcome == Offer.OVERFLOWED) {
      closeSlow();
    } else {
      handOver(handOver);
    }
    return outcome;
  }

  private void handOver(boolean handOver) {
    if (handOver) {
      writer.schedule(this);
    }
  }

  // Under the monitor: whether this connection must now be handed to its writer for a turn. Not
  // after an overflow: closing as a slow consumer hands it over for its disconnect instead.
  private boolean scheduleLocked() {
    if (!started || closed || writing || scheduled || !queue.hasWaiting()) {
      return false;
    }
    scheduled = true;
    return true;
  }

  // Under the monitor.
  private Offer enqueueLocked(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    return switch (queue.add(frame, tracker, recipient)) {
      case COALESCED -> Offer.COALESCED;
      case OVERFLOWED -> Offer.OVERFLOWED;
      case QUEUED -> Offer.QUEUED;
    };
  }

  // Under the monitor. Null: the frame goes on to the queue. A frame the rate limit does not cover
  // first releases its channel's held progress, so publish order holds.
  private Offer throttleLocked(OutboundFrame frame, DeliveryTracker tracker, int recipient) {
    if (throttle == null) {
      return null;
    }
    long now = System.nanoTime();
    if (frame.policy() != DeliveryPolicy.LATEST) {
      return enqueueAllLocked(throttle.releaseChannel(frame.orderKey(), now))
          ? null
          : Offer.OVERFLOWED;
    }
    switch (throttle.admit(frame, tracker, recipient, now, this::rateLimited)) {
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
    replaced.missed(DeliveryOutcome.RATE_LIMITED);
  }

  // False when one of them overflowed: it and every one released after it are dropped with the
  // connection, and each says so to its tracker (they are in neither the queue nor the throttle).
  private boolean enqueueAllLocked(List<Held> released) {
    for (int i = 0; i < released.size(); i++) {
      Held held = released.get(i);
      if (enqueueLocked(held.frame(), held.tracker(), held.recipient()) == Offer.OVERFLOWED) {
        for (Held dropped : released.subList(i, released.size())) {
          dropped.missed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
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
    boolean handOver;
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
      handOver = outcome != Offer.OVERFLOWED && scheduleLocked();
    }
    finish(outcome, handOver);
  }

  /**
   * This connection's turn on its delivery thread: fills {@code batch} with the waiting frames and
   * puts them in flight, unless a write is already in flight or the connection is closed.
   */
  Turn takeTurn(WriteBatch batch) {
    synchronized (this) {
      scheduled = false;
      if (closeAsSlow) {
        closeAsSlow = false;
        return Turn.SLOW_CONSUMER;
      }
      if (closed || writing || queue.startSending(batch) == 0) {
        return Turn.NOTHING;
      }
      writing = true;
      return Turn.WRITE;
    }
  }

  /**
   * The socket has been handed the batch of this connection's turn: if its write has not completed
   * by now, the socket could not take it at once, and progress waiting behind it may coalesce.
   */
  void batchHandedOver() {
    synchronized (this) {
      if (writing) {
        queue.socketFull();
      }
    }
  }

  /**
   * The batch in flight was written ({@code failure} null) or failed: settles its frames and, if
   * more wait, asks for the next turn. Runs on the delivery thread when the socket took the batch
   * at once, otherwise on the thread that saw the socket drain.
   */
  @Override
  public void completed(Throwable failure) {
    List<DeliveryTracker.Slot> failed = null;
    boolean handOver;
    synchronized (this) {
      writing = false;
      if (failure == null) {
        settleWrittenLocked();
      } else {
        failed = inFlightTrackersLocked();
      }
      queue.releaseInFlight();
      handOver = failure == null && scheduleLocked();
    }
    if (failed != null) {
      failed.forEach(slot -> slot.missed(DeliveryOutcome.FAILED));
      close();
    }
    handOver(handOver);
  }

  // One clock read serves every frame of the batch, for the latency and for the history record.
  private void settleWrittenLocked() {
    int written = queue.inFlight();
    framesSent += written;
    long now = 0;
    boolean clockRead = false;
    for (int i = 0; i < written; i++) {
      OutboundFrame frame = queue.inFlightFrame(i);
      DeliveryTracker tracker = queue.inFlightTracker(i);
      if (!clockRead && (frame.timed() || tracker != null)) {
        now = System.nanoTime();
        clockRead = true;
      }
      if (frame.timed()) {
        counters.written(now - frame.receivedNanos());
      }
      if (tracker != null) {
        tracker.written(queue.inFlightRecipient(i), now);
      }
    }
  }

  private List<DeliveryTracker.Slot> inFlightTrackersLocked() {
    List<DeliveryTracker.Slot> trackers = new ArrayList<>();
    for (int i = 0; i < queue.inFlight(); i++) {
      if (queue.inFlightTracker(i) != null) {
        trackers.add(
            new DeliveryTracker.Slot(queue.inFlightTracker(i), queue.inFlightRecipient(i)));
      }
    }
    return trackers;
  }

  // On the offering thread: the frames are dropped and the connection leaves the registry at once;
  // the socket is ended on the delivery thread, which owns its writes.
  private void closeSlow() {
    int discarded = markClosed(DeliveryOutcome.DROPPED_SLOW_CONSUMER);
    if (discarded < 0) {
      return;
    }
    // The frame that did not fit, those released after it, and those waiting.
    counters.closedSlow(discarded + 1 + releasedButDropped);
    onClosed.accept(this);
    boolean handOver;
    synchronized (this) {
      closeAsSlow = true;
      handOver = !scheduled;
      scheduled = true;
    }
    handOver(handOver);
  }

  /** The socket is gone (closed by either side): stop queueing, free everything. */
  @Override
  public void close() {
    if (markClosed(DeliveryOutcome.FAILED) >= 0) {
      onClosed.accept(this);
    }
  }

  // The number of frames discarded, or -1 when the connection was already closed. Frames in
  // flight are not discarded: their write's completion settles them.
  private int markClosed(DeliveryOutcome forWaitingFrames) {
    List<DeliveryTracker.Slot> waiting;
    List<Held> held;
    int discarded;
    synchronized (this) {
      if (closed) {
        return -1;
      }
      closed = true;
      discarded = queue.size();
      waiting = queue.clearWaiting();
      held = new ArrayList<>(throttle == null ? List.of() : throttle.clear());
      if (catchUp != null) {
        held.addAll(catchUp.drop());
        catchUp = null;
      }
      if (heldForAnswer != null) {
        held.addAll(heldForAnswer);
        heldForAnswer.clear();
      }
      discarded += held.size();
    }
    for (DeliveryTracker.Slot slot : waiting) {
      slot.missed(forWaitingFrames);
    }
    for (Held frame : held) {
      frame.missed(forWaitingFrames);
    }
    return discarded;
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

  @Override
  public String toString() {
    return "connection " + socket;
  }
}
