package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.AudienceChange;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientSession;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.application.port.out.ClientGateway;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.application.port.out.history.EventRecord;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Routes each event to the connections allowed to see it. The event is classified once and its
 * frame built once; each recipient connection then only queues a reference to it. Forwarding reads
 * cached audiences (zero storage queries in steady state) and never blocks: slow sockets only fill
 * their own bounded queue. Thread-safe; {@link #relay} is meant for one source thread.
 */
public final class FanOutEngine
    implements RelayEventUseCase, ConnectClientUseCase, ApplyAudienceChangeUseCase, AutoCloseable {
  private final FanOutSettings settings;
  private final ConnectionRegistry connections;
  private final RouteTable routes;
  private final LatestEventWriter latestEvents;
  private final ScheduledExecutorService loader;
  private final ScheduledExecutorService maintenance;
  private final ScheduledExecutorService throttleTimer;
  // By EventKind ordinal: one increment per event, as a single counter would cost.
  private final AtomicLongArray eventsByKind = new AtomicLongArray(EventKind.values().length);
  private final AtomicLong eventsWithoutAudience = new AtomicLong();
  private final AtomicLong framesQueued = new AtomicLong();
  private final AtomicLong framesCoalesced = new AtomicLong();
  private final AtomicLong framesRateLimited = new AtomicLong();
  private final DeliveryCounters delivery = new DeliveryCounters();
  private final AtomicLong eventSequence = new AtomicLong();
  private final DeliveryHistoryRecorder history;
  private final Clock clock;

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
    this.settings = settings;
    this.clock = clock;
    this.history = history == null || history.level() == HistoryLevel.OFF ? null : history;
    this.connections = new ConnectionRegistry(settings.maxConnectionsPerUser());
    this.loader = Executors.newScheduledThreadPool(2, daemon("audience-loader"));
    this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("fanout-maintenance"));
    // Separate from maintenance, whose storage writes may stall: held progress must go out on time.
    this.throttleTimer = Executors.newSingleThreadScheduledExecutor(daemon("progress-throttle"));
    this.latestEvents = new LatestEventWriter(uploads);
    this.routes =
        new RouteTable(
            directory,
            uploads,
            policy,
            clock,
            loader,
            settings,
            new RouteTable.RouteDelivery() {
              @Override
              public void dispatch(UploadRoute route, ProgressEvent event) {
                FanOutEngine.this.dispatch(route, event);
              }

              @Override
              public void deliverTo(UserId user, OutboundFrame frame) {
                FanOutEngine.this.deliverTo(user, frame);
              }
            });
    long flushMillis = settings.latestFlushInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        latestEvents::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    maintenance.scheduleWithFixedDelay(routes::evictIdle, 10, 10, TimeUnit.SECONDS);
  }

  @Override
  public void relay(ProgressEvent event) {
    eventsByKind.incrementAndGet(event.kind().ordinal());
    if (event.channel() instanceof EventChannel.User user) {
      OutboundFrame frame = frameOf(event);
      deliverTo(user.userId(), frame, historyOf(event, frame), event);
      return;
    }
    UploadId uploadId = ((EventChannel.Upload) event.channel()).uploadId();
    UploadRoute route = routes.routeOf(uploadId);
    synchronized (route) {
      route.lastUsedNanos = event.receivedNanos();
      if (route.ready) {
        dispatch(route, event);
      } else {
        routes.pend(route, event);
      }
    }
  }

  // Called with the route's monitor held, so one upload's events go out in order.
  private void dispatch(UploadRoute route, ProgressEvent event) {
    OutboundFrame frame = frameOf(event);
    // An event published while the id is not registered is no registration's latest, not even a
    // later one's: the upload it was meant for is gone, or not there yet.
    if (route.isRegistered()) {
      route.latest = frame;
      route.unwritten = event;
      latestEvents.remember(route);
    }
    EventRecord record = historyOf(event, frame);
    if (route.subscribers.isEmpty()) {
      eventsWithoutAudience.incrementAndGet();
      if (record != null) {
        history.record(record, DeliveryRecords.noSubscribers(record), event.kind());
      }
      return;
    }
    for (UserId subscriber : route.subscribers) {
      deliverTo(subscriber, frame, record, event);
    }
  }

  // The event as history keeps it, or null when no history is recorded.
  private EventRecord historyOf(ProgressEvent event, OutboundFrame frame) {
    if (history == null) {
      return null;
    }
    return new EventRecord(
        history.instanceId() + ":" + Long.toString(eventSequence.incrementAndGet(), 36),
        event.channel().name(),
        event.action(),
        event.uploadId(),
        event.batchId(),
        frame.bytes(),
        event.receivedAt(),
        history.instanceId());
  }

  private void deliverTo(
      UserId user, OutboundFrame frame, EventRecord record, ProgressEvent event) {
    ClientConnection[] targets = connections.of(user);
    DeliveryTracker tracker = null;
    if (record != null) {
      if (targets.length == 0) {
        history.record(record, DeliveryRecords.noConnection(record, user), event.kind());
        return;
      }
      tracker =
          new DeliveryTracker(
              record, event.kind(), user, event.receivedNanos(), targets.length, history);
    }
    for (ClientConnection connection : targets) {
      count(connection.offer(frame, tracker));
    }
  }

  private OutboundFrame frameOf(ProgressEvent event) {
    return OutboundFrame.ofEvent(event, settings.policies().forKind(event.kind()));
  }

  // A replay of the latest frame to a new subscriber, not a delivery of a new event: only to the
  // connections that want it. Runs once per subscription, never per event.
  private void deliverTo(UserId user, OutboundFrame frame) {
    OutboundFrame replay = null;
    for (ClientConnection connection : connections.of(user)) {
      if (connection.wantsLatestOnSubscribe()) {
        replay = replay == null ? frame.replay() : replay;
        count(connection.offerLatest(replay));
      }
    }
  }

  private void count(ClientConnection.Offer offer) {
    switch (offer) {
      case QUEUED -> framesQueued.incrementAndGet();
      case COALESCED -> framesCoalesced.incrementAndGet();
      case RATE_LIMITED -> framesRateLimited.incrementAndGet();
      case OVERFLOWED, REFUSED -> {
        // closed as a slow consumer (counted by the connection), or concurrently
      }
    }
  }

  @Override
  public ClientSession connect(
      Caller caller, ClientGateway gateway, String greeting, ClientCapabilities capabilities) {
    if (!gateway.userId().equals(caller.userId())) {
      throw new IllegalArgumentException("the gateway belongs to another user");
    }
    var connection =
        new ClientConnection(
            gateway,
            settings.queueLimits(),
            connections::remove,
            greeting,
            settings.progressRateLimit(),
            throttleTimer,
            clock.instant(),
            delivery,
            capabilities);
    connections.add(connection);
    connection.start();
    return connection;
  }

  @Override
  public void apply(AudienceChange change) {
    UploadId uploadId = change.uploadId();
    switch (change.type()) {
      case SUBSCRIBED -> subscribed(change.userId().orElseThrow(), routes.routeOf(uploadId));
      case UNSUBSCRIBED, ACCESS_REVOKED ->
          routes
              .existing(uploadId)
              .ifPresent(route -> unsubscribed(change.userId().orElseThrow(), route));
      case UPLOAD_DELETED, UPLOAD_REGISTERED -> routes.registrationChanged(uploadId);
    }
  }

  @Override
  public void resynchronize() {
    routes.forgetAll();
  }

  private void subscribed(UserId user, UploadRoute route) {
    synchronized (route) {
      if (route.ready && !route.isRegistered()) {
        // The subscription proves the id registered since the load, even if the announcement of
        // that registration is still on its way (or was lost): load it again.
        routes.reload(route);
      }
      if (route.ready) {
        route.addSubscriber(user);
        if (route.latest != null) {
          deliverTo(user, route.latest);
        }
      } else {
        route.generation++;
        route.latestWanted.add(user);
      }
    }
  }

  private void unsubscribed(UserId user, UploadRoute route) {
    synchronized (route) {
      if (route.ready) {
        route.removeSubscriber(user);
      } else {
        route.generation++;
        route.latestWanted.remove(user);
      }
    }
  }

  /** The live connections on this instance with their queues. */
  public List<ConnectionSnapshot> connections() {
    return connections.all().stream().map(ClientConnection::snapshot).toList();
  }

  public FanOutStats stats() {
    long progress = eventsByKind.get(EventKind.PROGRESS.ordinal());
    long terminal = eventsByKind.get(EventKind.TERMINAL.ordinal());
    long other = eventsByKind.get(EventKind.OTHER.ordinal());
    return new FanOutStats(
        progress + terminal + other,
        eventsWithoutAudience.get(),
        framesQueued.get(),
        framesCoalesced.get(),
        delivery.slowConsumersClosed(),
        routes.pendingDropped.get(),
        routes.loads.get(),
        routes.loadFailures.get(),
        latestEvents.failures(),
        connections.size(),
        progress,
        terminal,
        other,
        delivery.latency().count(),
        framesRateLimited.get(),
        delivery.framesDropped());
  }

  /** How long event frames took from Redis receipt to a completed socket write. */
  public LatencyHistogram.Snapshot deliveryLatency() {
    return delivery.latency().snapshot();
  }

  /** The routing cached here; walks the cache without locking, so call it for metrics only. */
  public RouteStats routeStats() {
    return new RouteStats(routes.size(), routes.subscriberCount());
  }

  /** Writes the latest events waiting for the periodic flush to storage now. */
  public void flushLatestEvents() {
    latestEvents.flush();
  }

  /** Stops the background threads after one last write of the latest events. */
  @Override
  public void close() {
    maintenance.shutdown();
    loader.shutdownNow();
    throttleTimer.shutdownNow();
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
