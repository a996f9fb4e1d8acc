package io.progressrelay.application.service.fanout;

import com.github.benmanes.caffeine.cache.Ticker;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.application.port.out.ClientSocket;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each event to the connections allowed to see it, on the thread that hands it over (the
 * Redis listener), which only classifies, routes and queues: the event's frame is built once, each
 * recipient connection queues a reference to it, and a connection that was idle is handed to its
 * delivery thread, which does the socket writes. So the listener never waits for a socket, a
 * database or a socket writer's lock, and a slow socket only fills its own bounded queue. An event
 * flows one way: {@link RouteTable} (cached routing) → {@link UploadRoute} (the upload's lock and
 * state) → {@link FrameDispatcher} (each recipient's connections) → {@link QueuedClientConnection}
 * (its queue) → {@link DeliveryWriter} (the socket write). Thread-safe; {@link #relay} is meant for
 * one source thread.
 */
public final class FanOutEngine
    implements RelayEventUseCase, ConnectClientUseCase, ApplyAudienceChangeUseCase, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FanOutEngine.class);
  private static final int LOADER_THREADS = 2;

  /** Users whose follows one query reads again after the listener subscribed again. */
  static final int USERS_PER_FOLLOWS_QUERY = 1_000;

  private final FanOutSettings settings;
  private final ConnectionRegistry connections;
  private final DeliveryWriters writers;
  private final FrameDispatcher dispatcher;
  private final RouteTable routes;
  private final RouteContext routeContext;
  private final LatestEventWriter latestEvents;
  private final ContinuitySettings continuity;
  private final PositionLedger ledger;
  private final UserChannels userChannels;
  private final CatchUps catchUps;
  private final ScheduledExecutorService loader;
  private final ScheduledExecutorService maintenance;
  private final ScheduledExecutorService throttleTimer;
  private final ScheduledExecutorService routeCacheUpkeep;
  // By EventKind ordinal: one increment per event, as a single counter would cost.
  private final AtomicLongArray eventsByKind = new AtomicLongArray(EventKind.values().length);
  private final DeliveryCounters delivery = new DeliveryCounters();
  private final Clock clock;
  private final SubscriberDirectory directory;
  private final SubscriptionPolicy policy;
  // Null unless the event source receives only the channels asked for (interest mode).
  private final InterestTracker interest;
  private final InterestTracking interestTracking;

  /** An engine that records no delivery history. */
  public FanOutEngine(
      FanOutSettings settings,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock) {
    this(settings, directory, uploads, policy, clock, null);
  }

  /** An engine that hands every delivery outcome to {@code history} (null for none). */
  public FanOutEngine(
      FanOutSettings settings,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      DeliveryHistoryRecorder history) {
    this(settings, ContinuitySettings.DEFAULT, directory, uploads, policy, clock, history);
  }

  /**
   * An engine that hands every delivery outcome to {@code history} (null for none) and keeps what
   * {@code continuity} asks for clients that resume.
   */
  public FanOutEngine(
      FanOutSettings settings,
      ContinuitySettings continuity,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      DeliveryHistoryRecorder history) {
    this(settings, continuity, directory, uploads, policy, clock, history, InterestTracking.OFF);
  }

  /**
   * As above, telling {@code interestTracking}'s port which channels this instance's connections
   * need, when that port receives only those (interest mode, docs/redis.md).
   */
  public FanOutEngine(
      FanOutSettings settings,
      ContinuitySettings continuity,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      DeliveryHistoryRecorder history,
      InterestTracking interestTracking) {
    this(
        settings,
        continuity,
        directory,
        uploads,
        policy,
        clock,
        history,
        interestTracking,
        Ticker.systemTicker());
  }

  /** As above without interest tracking, the route cache reading time from {@code routeTicker}. */
  FanOutEngine(
      FanOutSettings settings,
      ContinuitySettings continuity,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      DeliveryHistoryRecorder history,
      Ticker routeTicker) {
    this(
        settings,
        continuity,
        directory,
        uploads,
        policy,
        clock,
        history,
        InterestTracking.OFF,
        routeTicker);
  }

  private FanOutEngine(
      FanOutSettings settings,
      ContinuitySettings continuity,
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      DeliveryHistoryRecorder history,
      InterestTracking interestTracking,
      Ticker routeTicker) {
    this.settings = settings;
    this.directory = directory;
    this.policy = policy;
    this.interestTracking = interestTracking;
    this.continuity = continuity;
    this.ledger = new PositionLedger(continuity.streamPositions());
    this.clock = clock;
    this.connections = new ConnectionRegistry(settings.maxConnectionsPerUser());
    this.writers = new DeliveryWriters(settings.deliveryThreads(), delivery);
    this.dispatcher =
        new FrameDispatcher(
            connections,
            settings.policies(),
            history == null || history.level() == HistoryLevel.OFF ? null : history);
    this.loader = Executors.newScheduledThreadPool(LOADER_THREADS, daemon("audience-loader"));
    this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("fanout-maintenance"));
    // Separate from maintenance, whose storage writes may stall: held progress must go out on time.
    this.throttleTimer = Executors.newSingleThreadScheduledExecutor(daemon("progress-throttle"));
    // The route cache's evictions and expiries: neither the Redis reader nor a thread that may wait
    // on storage.
    this.routeCacheUpkeep = Executors.newSingleThreadScheduledExecutor(daemon("route-cache"));
    this.latestEvents = new LatestEventWriter(uploads, ledger, maintenance::execute);
    this.routeContext =
        new RouteContext(
            dispatcher,
            latestEvents,
            settings.maxPendingPerUpload(),
            new AtomicLong(),
            ledger,
            continuity.historyLimits());
    this.userChannels =
        new UserChannels(
            routeContext, continuity.userLatestStates(), settings.latestStateCapacity());
    this.routes =
        new RouteTable(
            directory,
            policy,
            clock,
            loader,
            LOADER_THREADS,
            routeContext,
            user -> connections.of(user).length > 0,
            settings,
            routeCacheUpkeep,
            routeTicker);
    long flushMillis = settings.latestFlushInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        latestEvents::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(this::evictIdle, 10, 10, TimeUnit.SECONDS);
    this.catchUps = new EngineCatchUps();
    if (interestTracking.on()) {
      this.interest =
          new InterestTracker(
              interestTracking.port(), interestTracking.linger().toNanos(), this::missedBefore);
      // Off the maintenance thread, whose storage writes may stall.
      throttleTimer.scheduleWithFixedDelay(
          () -> interest.sweep(System.nanoTime()), 200, 200, TimeUnit.MILLISECONDS);
    } else {
      this.interest = null;
    }
  }

  // A channel this instance did not receive until now: what it cached of it may be stale (an
  // upload's latest event, a user's recent events), so it is dropped and loaded again when needed.
  private void missedBefore(String channelKey) {
    EventChannel.parse("upload:", "user:", channelKey)
        .ifPresent(
            channel -> {
              if (channel instanceof EventChannel.Upload upload) {
                routes.forget(upload.uploadId());
              } else {
                userChannels.forget(((EventChannel.User) channel).userId());
              }
            });
  }

  /** The periodic upkeep of the routes and user channels; runs every 10 s (tests call it). */
  void evictIdle() {
    routes.maintain();
    userChannels.evictIdle(System.nanoTime() - settings.idleRouteEviction().toNanos());
  }

  // The channels a connection's catch-up asks: each followed upload's route (loaded first if need
  // be), then the user's own channel.
  private final class EngineCatchUps implements CatchUps {
    @Override
    public void start(QueuedClientConnection connection, Position since, List<UploadId> uploads) {
      for (UploadId upload : uploads) {
        while (!routes.followedRouteOf(upload).catchUp(connection, since)) {
          // The route left the cache meanwhile: the next lookup finds or makes its successor.
        }
      }
      userChannels.of(connection.userId()).catchUp(connection, since);
    }

    @Override
    public Position cursorNow() {
      return ledger.settledThrough();
    }
  }

  @Override
  public void relay(ProgressEvent event) {
    eventsByKind.incrementAndGet(event.kind().ordinal());
    ProgressEvent positioned = ledger.positioned(event);
    if (positioned.channel() instanceof EventChannel.User user) {
      userChannels.of(user.userId()).relay(positioned);
    } else {
      routes.relay(((EventChannel.Upload) positioned.channel()).uploadId(), positioned);
    }
    ledger.routed(positioned.position().orElseThrow());
  }

  @Override
  public void readingAfter(Position start) {
    ledger.readingAfter(start);
  }

  @Override
  public void windowOnlyThrough(Position through) {
    ledger.windowOnlyThrough(through);
  }

  /**
   * Who learns, after each write of the latest events to storage, the position through which every
   * event's latest state is stored (streams mode starts reading there after a restart).
   */
  public void onLatestStored(Consumer<Position> listener) {
    latestEvents.onStored(listener);
  }

  @Override
  public ClientConnection connect(
      Caller caller, ClientSocket socket, String greeting, ClientCapabilities capabilities) {
    if (!socket.userId().equals(caller.userId())) {
      throw new IllegalArgumentException("the socket belongs to another user");
    }
    var connection =
        new QueuedClientConnection(
            socket,
            writers.assign(),
            settings.queueLimits(),
            this::closed,
            greeting,
            settings.progressRateLimit(),
            throttleTimer,
            clock.instant(),
            delivery,
            capabilities,
            catchUps);
    connections.add(connection);
    if (interest != null) {
      receiveChannelsOf(caller.userId());
    }
    connection.start();
    return connection;
  }

  // A connection may close itself under a route's lock (a slow consumer, while an event is
  // dispatched), and the tracker calls into routes under its own lock (a channel added afresh
  // drops its route): its release is handed to a loader thread so the two locks never nest the
  // other way round.
  private void closed(QueuedClientConnection connection) {
    connections.remove(connection);
    if (interest != null) {
      try {
        loader.execute(() -> interest.disconnected(connection.userId()));
      } catch (RejectedExecutionException e) {
        // the engine is closing: nothing is subscribed any more
      }
    }
  }

  // Interest mode: the user's first connection here subscribes to the user's channel and to every
  // upload the user follows, and the connection is answered once Redis confirmed them, so that no
  // event published after the answer is missed. A storage failure leaves the uploads to the
  // user's next subscribes (the user channel is still received).
  private void receiveChannelsOf(UserId user) {
    InterestTracker.Joined joined = interest.connected(user);
    if (!joined.first()) {
      await(joined.ready(), user);
      return;
    }
    try {
      List<UploadId> followed = directory.followedBy(user, policy.expiryCutoff(clock.instant()));
      await(CompletableFuture.allOf(joined.ready(), interest.followAll(user, followed)), user);
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not read the uploads {} follows to subscribe to them: {}", user, e.getMessage());
      await(joined.ready(), user);
    } finally {
      interest.ready(user);
    }
  }

  // Interest mode, after the listener subscribed again: subscriptions announced meanwhile were
  // missed, so what the users connected here follow is read again (one query per 1,000 users, on a
  // loader thread), and the channels they need are added or released. A failed query leaves its
  // users as they were; the others go on.
  private void reloadFollows() {
    Instant cutoff = policy.expiryCutoff(clock.instant());
    List<UserId> users = interest.connectedUsers();
    int failures = 0;
    for (int from = 0; from < users.size(); from += USERS_PER_FOLLOWS_QUERY) {
      List<UserId> some =
          users.subList(from, Math.min(users.size(), from + USERS_PER_FOLLOWS_QUERY));
      try {
        directory.followedByEach(some, cutoff).forEach(interest::resetFollows);
      } catch (RuntimeException e) {
        if (failures++ == 0) {
          LOG.warn(
              "Could not read again what the users connected here follow after Redis came back;"
                  + " their next subscribe or connection catches up: {}",
              e.getMessage());
        }
      }
    }
  }

  private void await(CompletableFuture<Void> received, Object forWhom) {
    try {
      received.get(interestTracking.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Redis did not confirm the channels of {} within {}; going on",
          forWhom,
          interestTracking.confirmTimeout());
    } catch (ExecutionException e) {
      LOG.warn("Subscribing to the channels of {} failed: {}", forWhom, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies a change another instance announced. An announcement is not proof of access (anyone who
   * can publish on the control channel can write one), so a subscription it reports takes effect
   * only once this instance has loaded the upload's subscribers from storage and found the user
   * among them; changes that take access away, and registrations (which reload), apply as they are.
   */
  @Override
  public void apply(AudienceChange change) {
    if (change.type() == AudienceChange.Type.SUBSCRIBED) {
      if (interest != null) {
        // On the listener thread, which must not wait: the subscription takes effect once Redis
        // confirmed the channel (at once when it was received already).
        interest
            .follow(change.userId().orElseThrow(), change.uploadId())
            .thenRun(() -> subscribeAsAnnounced(change));
      } else {
        subscribeAsAnnounced(change);
      }
      return;
    }
    applyCommitted(change);
  }

  private void subscribeAsAnnounced(AudienceChange change) {
    UserId user = change.userId().orElseThrow();
    routes.changeFollowed(change.uploadId(), route -> route.subscribeAsAnnounced(user));
  }

  /**
   * Applies a change this instance's use cases have just committed, after checking access: a
   * subscription takes effect at once.
   */
  public void applyCommitted(AudienceChange change) {
    UploadId uploadId = change.uploadId();
    switch (change.type()) {
      case SUBSCRIBED -> {
        UserId user = change.userId().orElseThrow();
        if (interest != null) {
          // Answered (and the latest event replayed) only once this instance receives the upload.
          await(interest.follow(user, uploadId), uploadId);
        }
        routes.changeFollowed(uploadId, route -> route.subscribe(user));
      }
      case UNSUBSCRIBED, ACCESS_REVOKED -> {
        UserId user = change.userId().orElseThrow();
        routes.changeCached(
            uploadId,
            route -> {
              route.unsubscribe(user);
              return false;
            });
        if (interest != null) {
          interest.unfollow(user, uploadId);
        }
      }
      case UPLOAD_DELETED -> {
        // A cached route, a negative one (the id was not registered) included, loads again.
        routes.changeCached(uploadId, UploadRoute::registrationChanged);
        if (interest != null) {
          interest.uploadDeleted(uploadId);
        }
      }
      case UPLOAD_REGISTERED -> {
        if (!routes.changeCached(uploadId, UploadRoute::registrationChanged)) {
          routes.expect(uploadId);
        }
      }
    }
  }

  /**
   * The listener subscribed again (or for the first time): announcements of audience changes may
   * have been missed, so every cached route is forgotten. In pub/sub mode events may have been
   * missed too: no client can resume past this point, and every resuming client is told, per
   * channel it follows here, with the latest state this instance holds. (In streams mode the stream
   * keeps the events, and the reader resumes where it stopped.)
   */
  @Override
  public void resynchronize() {
    if (interest != null) {
      loader.execute(this::reloadFollows);
    }
    if (continuity.streamPositions()) {
      routes.reloadAll();
      return;
    }
    ledger.missedUntilNow(ChannelHistory.Gap.LISTENER_OUTAGE);
    routes.reportGap(ChannelHistory.Gap.LISTENER_OUTAGE);
    userChannels.reportGap(ChannelHistory.Gap.LISTENER_OUTAGE);
    routes.forgetAll();
  }

  /**
   * The subscriptions of {@code channelKeys} alone were interrupted (a Redis Cluster slot moved to
   * a master already connected) and are confirmed again: their events meanwhile were missed, so
   * each channel's resuming clients are told, with the latest state this instance holds, and what
   * was cached of it is forgotten, as for a channel added afresh (its route loads again from
   * storage). Other channels are left alone. In streams mode nothing is missed per channel: as
   * {@link #resynchronize()}.
   */
  @Override
  public void resynchronize(Collection<String> channelKeys) {
    if (continuity.streamPositions()) {
      resynchronize();
      return;
    }
    for (String key : channelKeys) {
      EventChannel.parse("upload:", "user:", key)
          .ifPresent(
              channel -> {
                if (channel instanceof EventChannel.Upload upload) {
                  routes.missed(upload.uploadId(), ChannelHistory.Gap.LISTENER_OUTAGE);
                } else {
                  userChannels.missed(
                      ((EventChannel.User) channel).userId(), ChannelHistory.Gap.LISTENER_OUTAGE);
                }
              });
    }
  }

  /** The live connections on this instance with their queues. */
  public List<ConnectionSnapshot> connections() {
    return connections.all().stream().map(QueuedClientConnection::snapshot).toList();
  }

  public FanOutStats stats() {
    long progress = eventsByKind.get(EventKind.PROGRESS.ordinal());
    long terminal = eventsByKind.get(EventKind.TERMINAL.ordinal());
    long other = eventsByKind.get(EventKind.OTHER.ordinal());
    return new FanOutStats(
        progress + terminal + other,
        dispatcher.eventsWithoutAudience.get(),
        dispatcher.framesQueued.get(),
        dispatcher.framesCoalesced.get(),
        delivery.slowConsumersClosed(),
        routeContext.pendingDropped().get(),
        routes.loads.get(),
        routes.loadFailures.get(),
        latestEvents.failures(),
        connections.size(),
        progress,
        terminal,
        other,
        delivery.latency().count(),
        dispatcher.framesRateLimited.get(),
        delivery.framesDropped(),
        delivery.writes());
  }

  /** What the engine did for clients that resume, and what it keeps for them. */
  public ContinuityStats continuityStats() {
    return new ContinuityStats(
        delivery.catchUps(),
        delivery.eventsRecovered(),
        delivery.gaps(),
        routeContext.historyLimits().used().get(),
        userChannels.size());
  }

  /** How long event frames took from Redis receipt to a completed socket write. */
  public LatencyHistogram.Snapshot deliveryLatency() {
    return delivery.latency().snapshot();
  }

  /** The channels this instance asked its event source for (0 when it receives every one). */
  public int channelsOfInterest() {
    return interest == null ? 0 : interest.channelCount();
  }

  /** The routing cached here; walks the cache without locking, so call it for metrics only. */
  public RouteStats routeStats() {
    return new RouteStats(routes.size(), routes.subscriberCount());
  }

  /** Writes the latest events waiting for the periodic flush to storage now. */
  public void flushLatestEvents() {
    latestEvents.flush();
  }

  /**
   * Stops the background threads after one last write of the latest events; the delivery threads
   * stop after the turn they are taking, so frames still queued are not written.
   */
  @Override
  public void close() {
    maintenance.shutdown();
    loader.shutdownNow();
    throttleTimer.shutdownNow();
    routeCacheUpkeep.shutdownNow();
    writers.close();
    try {
      maintenance.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    latestEvents.flush();
  }

  private static ThreadFactory daemon(String name) {
    var counter = new AtomicLong();
    return runnable -> {
      var thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
