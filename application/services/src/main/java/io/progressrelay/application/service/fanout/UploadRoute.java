package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.RegisteredLatestEvent;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.application.service.fanout.ChannelHistory.Recovery;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about routing one upload, and the only place its state changes: the registration and
 * subscribers it loaded, the events waiting for a load, the registration's latest frame for late
 * subscribers and its recent events for clients that resume. Each transition takes the route's own
 * lock, so one upload's events reach every queue in publish order; a transition that needs storage
 * says so by its result, and the {@link RouteTable} runs the load. Never holds its lock while
 * waiting on anything but queue locks. Once it has left the cache it refuses events and catch-ups,
 * so they go to the route that replaces it.
 */
final class UploadRoute {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRoute.class);

  /** The registration of an id that was not registered when the route was loaded. */
  static final long UNREGISTERED = 0;

  private final UploadId uploadId;
  private final String channelKey;
  private final RouteContext context;
  // Guarded by this.
  private boolean ready;
  // Meaningful once ready: which registration the subscribers and the latest frame belong to.
  private long registration = UNREGISTERED;
  // Immutable, replaced on change, so a metrics gauge may read it without the lock.
  private volatile Set<UserId> subscribers = Set.of();
  private OutboundFrame latest;
  // The newest event of the registration not yet written to storage, or null; see
  // LatestEventWriter.
  private ProgressEvent unwritten;
  // Null until needed: events wait only while the audience loads, and few users at a time; a
  // route of an id nobody registered (a burst of bulk starts makes many) then costs a few fields.
  private ArrayDeque<ProgressEvent> pending;
  private Set<UserId> latestWanted;
  // Catch-ups of connections that asked while the route was loading; null for none.
  private List<CatchUp> catchUpsWanted;
  // The registration's recent events, created by its first one; before it, every event after
  // historyCoveredAfter (null: since the sequence began) went to the history or never came.
  private ChannelHistory history;
  private Position historyCoveredAfter;
  private int generation;
  private long retryDelayMillis;
  // Whether the route has left the cache; guarded by this.
  private boolean gone;
  // Whether the cache last weighed the route as followed by a connected user (or was asked to weigh
  // it again because an event reached one); guarded by this.
  private boolean weighedWatched;

  UploadRoute(UploadId uploadId, RouteContext context) {
    this.uploadId = uploadId;
    this.channelKey = EventChannel.keyOf(uploadId);
    this.context = context;
    this.historyCoveredAfter = context.ledger().coverageStart();
  }

  /** A connection's catch-up waiting for the route to load. */
  private record CatchUp(QueuedClientConnection connection, Position since) {}

  UploadId uploadId() {
    return uploadId;
  }

  /** What {@link #relay} did with an event. */
  enum Relayed {
    /** Sent, or held for the load. */
    DONE,
    /**
     * Sent, and it reached a connected subscriber while the cache weighed the route as followed by
     * none: the cache must weigh it again, to pin it.
     */
    NOW_WATCHED,
    /** Refused: the route has left the cache, and the event belongs to its successor. */
    GONE
  }

  /** Sends {@code event} to the subscribers, or holds it until they are loaded. */
  synchronized Relayed relay(ProgressEvent event) {
    if (gone) {
      return Relayed.GONE;
    }
    if (!ready) {
      pend(event);
      return Relayed.DONE;
    }
    if (dispatch(event) && !weighedWatched) {
      weighedWatched = true; // asked once; the weighing sets it again
      return Relayed.NOW_WATCHED;
    }
    return Relayed.DONE;
  }

  /**
   * Whether one of the subscribers (as loaded) is connected here, as {@code connected} tells, so
   * the cache must keep the route whatever its capacity. Called as the cache weighs the route.
   */
  synchronized boolean watchedBy(Predicate<UserId> connected) {
    weighedWatched = followedByAnyOf(connected);
    return weighedWatched;
  }

  // True when the event reached a connection of a subscriber.
  private boolean dispatch(ProgressEvent event) {
    Position position = event.position().orElse(null);
    OutboundFrame frame = context.frameOf(event);
    // An event published while the id is not registered is no registration's latest, not even a
    // later one's: the upload it was meant for is gone, or not there yet.
    // An event read again only to rebuild the windows was stored and delivered before.
    boolean windowOnly = context.ledger().windowOnly(position);
    if (registration != UNREGISTERED) {
      latest = frame;
      if (!windowOnly) {
        unwritten = event;
        context.latestEvents().remember(this, event.kind() == EventKind.TERMINAL);
      }
      if (position != null) {
        keep(frame, position, event.receivedNanos());
      }
    }
    return !windowOnly && context.frames().toSubscribers(subscribers, frame, event);
  }

  // Only an upload someone follows keeps a history: only its subscribers can resume it.
  private void keep(OutboundFrame frame, Position position, long nowNanos) {
    if (!subscribers.isEmpty()) {
      history().add(frame, nowNanos);
    } else if (history != null) {
      history.skip(position);
    } else {
      historyCoveredAfter = position;
    }
  }

  /**
   * The route leaves the cache: its kept events give their bytes back to the budget, and from now
   * on it refuses events and catch-ups. {@code windowLost} tells the ledger, when the route covered
   * part of a window, that channels created from now on cover only later events (see {@link
   * PositionLedger#coverageStart}).
   */
  synchronized void leaveCache(boolean windowLost) {
    if (windowLost && coversHistory()) {
      context.ledger().forgetting();
    }
    gone = true;
    if (history != null) {
      history.clear();
    }
  }

  /** Drops kept events older than the window, so a quiet upload gives its memory back. */
  synchronized void trimHistory(long nowNanos) {
    if (history != null) {
      history.trim(nowNanos);
    }
  }

  private ChannelHistory history() {
    if (history == null) {
      history = new ChannelHistory(context.historyLimits(), historyCoveredAfter);
    }
    return history;
  }

  // Under the lock: what a client that last saw since missed of this registration.
  private Recovery recoverySince(Position since) {
    return history()
        .since(since, context.ledger().epoch(), context.ledger().missed(), System.nanoTime());
  }

  // The oldest waiting event is dropped past the bound.
  private void pend(ProgressEvent event) {
    if (pending == null) {
      pending = new ArrayDeque<>(1);
    }
    if (pending.size() >= context.maxPending()) {
      released(pending.pollFirst());
      if (context.pendingDropped().getAndIncrement() == 0) {
        LOG.warn("Dropping events of {}: its subscribers could not be loaded yet", uploadId);
      }
    }
    pending.addLast(event);
    event.position().ifPresent(context.ledger()::pending);
  }

  private void released(ProgressEvent event) {
    event.position().ifPresent(context.ledger()::released);
  }

  /**
   * {@code user} subscribed: once loaded, they receive the upload's events and, now, its latest
   * one. True when the route must be loaded again first: the subscription proves the id registered
   * since the load, even if the announcement of that registration is still on its way (or lost).
   */
  synchronized boolean subscribe(UserId user) {
    boolean reload = ready && registration == UNREGISTERED && startReload();
    if (ready) {
      boolean followed = subscribers.contains(user);
      if (!followed) {
        Set<UserId> grown = new HashSet<>(subscribers);
        grown.add(user);
        subscribers = Set.copyOf(grown);
      }
      context.frames().latestTo(user, channelKey, latest, this::recoverySince, followed);
    } else {
      generation++; // a load in flight repeats itself, to include this subscription
      if (latestWanted == null) {
        latestWanted = new HashSet<>(4);
      }
      latestWanted.add(user);
    }
    return reload;
  }

  /**
   * Another instance says {@code user} subscribed: the route loads again from storage, and only if
   * the user is among the subscribers it reads do they receive the upload's events (and its latest
   * one). Events arriving meanwhile wait for that load, in order. True when a load must start.
   */
  synchronized boolean subscribeAsAnnounced(UserId user) {
    boolean reload = startReload();
    if (latestWanted == null) {
      latestWanted = new HashSet<>(4);
    }
    latestWanted.add(user);
    return reload;
  }

  /** {@code user} no longer follows the upload. */
  synchronized void unsubscribe(UserId user) {
    if (ready) {
      if (subscribers.contains(user)) {
        Set<UserId> shrunk = new HashSet<>(subscribers);
        shrunk.remove(user);
        subscribers = Set.copyOf(shrunk);
      }
    } else {
      generation++;
      if (latestWanted != null) {
        latestWanted.remove(user);
      }
    }
  }

  /**
   * The id was registered or deleted: events still waiting are dropped, since they arrived before
   * this instance learned of the change and may belong to the registration that ended (or to none).
   * True when the route must be loaded again.
   */
  synchronized boolean registrationChanged() {
    if (pending != null) {
      context.pendingDropped().addAndGet(pending.size());
      pending.forEach(this::released);
      pending = null;
    }
    return startReload();
  }

  // Events arriving from now on wait for the load; a load in flight repeats itself. True when no
  // load is in flight, so one must start.
  private boolean startReload() {
    generation++;
    if (!ready) {
      return false;
    }
    ready = false;
    return true;
  }

  /** What {@link #loadStarting} returns for a route that is loaded already. */
  static final int NO_LOAD_NEEDED = -1;

  /**
   * A stamp for a load about to read storage, which {@link #loaded} refuses when stale; {@link
   * #NO_LOAD_NEEDED} when the route is loaded already (it was queued twice, say by an event and
   * then by a subscription).
   */
  synchronized int loadStarting() {
    return ready ? NO_LOAD_NEEDED : generation & Integer.MAX_VALUE;
  }

  /** Whether the route waits for a load (or is being loaded). */
  synchronized boolean loading() {
    return !ready;
  }

  /**
   * What the load stamped {@code generation} read: the audience (empty when the id is not
   * registered) and, for that registration, the stored latest event's frame (null for none). False
   * when the audience changed meanwhile, so the load must be repeated; otherwise the route is
   * ready, waiting subscribers get the latest event and waiting events go out. A load that finishes
   * after another load of the same stamp has made the route ready changes nothing: every change
   * since reached the ready route, and its older read must not undo them.
   */
  synchronized boolean loaded(
      int generation, Optional<UploadAudience> audience, OutboundFrame storedLatest) {
    if (ready) {
      return true;
    }
    if ((this.generation & Integer.MAX_VALUE) != generation) {
      return false;
    }
    long loadedRegistration = audience.map(UploadAudience::registration).orElse(UNREGISTERED);
    if (loadedRegistration != registration) {
      // What was kept for another registration, or for none, belongs to no one now; and a client
      // cannot resume into this registration from a position before it.
      if (history != null || registration != UNREGISTERED) {
        historyCoveredAfter = context.ledger().last();
      }
      registration = loadedRegistration;
      latest = null;
      unwritten = null;
      if (history != null) {
        history.clear();
        history = null;
      }
    }
    subscribers = audience.map(UploadAudience::subscribers).orElse(Set.of());
    ready = true;
    retryDelayMillis = 0;
    if (latest == null) {
      latest = storedLatest;
    }
    if (latestWanted != null) {
      for (UserId user : latestWanted) {
        if (subscribers.contains(user)) {
          context.frames().latestTo(user, channelKey, latest, this::recoverySince, false);
        }
      }
      latestWanted = null;
    }
    if (pending != null) {
      for (ProgressEvent event; (event = pending.pollFirst()) != null; ) {
        dispatch(event);
        released(event);
      }
      pending = null;
    }
    // After the waiting events: they are in the window now, so a catch-up recovers them (a
    // catching-up connection held those that went out live, and drops them as already sent).
    if (catchUpsWanted != null) {
      catchUpsWanted.forEach(wanted -> serveCatchUp(wanted.connection(), wanted.since()));
      catchUpsWanted = null;
    }
    return true;
  }

  /**
   * {@code connection}, which follows this upload, catches up after authenticating: the events
   * since {@code since} (null: the latest event only), now or once the route has loaded. False,
   * doing nothing, when the route has left the cache.
   */
  synchronized boolean catchUp(QueuedClientConnection connection, Position since) {
    if (gone) {
      return false;
    }
    if (ready) {
      serveCatchUp(connection, since);
      return true;
    }
    if (catchUpsWanted == null) {
      catchUpsWanted = new ArrayList<>(2);
    }
    catchUpsWanted.add(new CatchUp(connection, since));
    return true;
  }

  // Under the lock, so no event of the upload goes out between the catch-up and the live events.
  private void serveCatchUp(QueuedClientConnection connection, Position since) {
    if (!subscribers.contains(connection.userId())) {
      connection.caughtUp(null, null, List.of()); // not a subscriber as storage says: nothing
      return;
    }
    connection.caughtUp(
        channelKey,
        since == null ? null : recoverySince(since),
        latest == null ? List.of() : List.of(latest.replay()));
  }

  /**
   * This instance may have missed events of the upload: every subscriber's resuming connections are
   * told, with the latest event this instance holds.
   */
  synchronized void reportGap(ChannelHistory.Gap gap) {
    if (!ready || registration == UNREGISTERED) {
      return;
    }
    for (UserId subscriber : subscribers) {
      context.frames().gapTo(subscriber, channelKey, gap, latest);
    }
  }

  /** A load failed: how long to wait before the next attempt, doubling up to {@code maxMillis}. */
  synchronized long retryDelayMillis(long firstMillis, long maxMillis) {
    retryDelayMillis =
        retryDelayMillis == 0 ? firstMillis : Math.min(maxMillis, retryDelayMillis * 2);
    return retryDelayMillis;
  }

  /**
   * Changes may have been missed: true when the route is loaded and can simply be forgotten; a
   * route still loading loads again instead.
   */
  synchronized boolean forget() {
    if (ready) {
      return true;
    }
    generation++;
    return false;
  }

  /**
   * Whether dropping the route loses part of a window: it kept events, or skipped some because no
   * one followed it, or was created after another channel's window was lost.
   */
  synchronized boolean coversHistory() {
    return history != null || historyCoveredAfter != null;
  }

  /** Whether the route keeps events for resuming clients. */
  synchronized boolean holdsHistory() {
    return history != null && !history.isEmpty();
  }

  /**
   * Changes may have been missed, but no event: the route loads its audience again and keeps its
   * window and latest event (unless the registration changed). True when a load must start.
   */
  synchronized boolean reload() {
    return startReload();
  }

  // Whether one of the subscribers (as loaded) passes connected.
  private boolean followedByAnyOf(Predicate<UserId> connected) {
    for (UserId subscriber : subscribers) {
      if (connected.test(subscriber)) {
        return true;
      }
    }
    return false;
  }

  /** The newest event kept as latest and not yet stored, with its registration. */
  record UnwrittenLatest(ProgressEvent event, RegisteredLatestEvent toStore) {}

  /** The registration's latest event still to be written to storage, or null. */
  synchronized UnwrittenLatest unwrittenLatest() {
    return unwritten == null
        ? null
        : new UnwrittenLatest(
            unwritten,
            new RegisteredLatestEvent(uploadId, registration, unwritten.toLatestEvent()));
  }

  /**
   * Storage holds {@code written}, which {@link #unwrittenLatest} returned (null: it had nothing);
   * true when no newer event came meanwhile, so nothing of this route is left to write.
   */
  synchronized boolean latestWritten(UnwrittenLatest written) {
    if (written != null && unwritten == written.event()) {
      unwritten = null;
    }
    return unwritten == null;
  }

  /** Subscribers now; read without the lock, for gauges. */
  int subscriberCount() {
    return subscribers.size();
  }
}
