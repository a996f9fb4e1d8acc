package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the uploads seen recently: caches them, loads them from storage in batches on the
 * loader threads when they are created or ask to be loaded again, and evicts the least useful ones.
 * Loads wait in two queues: routes someone follows (a subscription, a registration change of a
 * cached route, an id whose registration was announced) go before routes only an event created, so
 * a burst of events on ids never seen before delays neither. It only caches and loads: what a load
 * means for a route, and every other transition, is the route's own business. Thread-safe.
 */
final class RouteTable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  /** Routes read from storage in one query, at most. */
  static final int MAX_BATCH = 1_000;

  private final ConcurrentHashMap<UploadId, UploadRoute> routes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<UploadRoute> followedLoads = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<UploadRoute> otherLoads = new ConcurrentLinkedQueue<>();
  // Ids registered since this instance last saw them: their routes load as followed ones. Only a
  // hint, bounded and never needed for correctness.
  private final Set<UploadId> expected = ConcurrentHashMap.newKeySet();
  private final AtomicInteger drainers = new AtomicInteger();
  private final AtomicBoolean trimming = new AtomicBoolean();
  // The number of routes at which a burst has the cache trimmed before the periodic eviction: a
  // tenth of the capacity above the size the last trim left, so trims stay few in a long burst.
  private final AtomicInteger trimAt = new AtomicInteger();
  private final SubscriberDirectory directory;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final ScheduledExecutorService loader;
  private final int loaderThreads;
  private final RouteContext context;
  private final Predicate<UserId> connected;
  private final Duration idleEviction;
  private final int capacity;
  final AtomicLong loads = new AtomicLong();
  final AtomicLong loadQueries = new AtomicLong();
  final AtomicLong loadFailures = new AtomicLong();

  RouteTable(
      SubscriberDirectory directory,
      SubscriptionPolicy policy,
      Clock clock,
      ScheduledExecutorService loader,
      int loaderThreads,
      RouteContext context,
      Predicate<UserId> connected,
      FanOutSettings settings) {
    this.directory = directory;
    this.policy = policy;
    this.clock = clock;
    this.loader = loader;
    this.loaderThreads = loaderThreads;
    this.context = context;
    this.connected = connected;
    this.idleEviction = settings.idleRouteEviction();
    this.capacity = settings.latestStateCapacity();
    this.trimAt.set(capacity + trimStep());
  }

  /** The upload's route, created (and its loading queued) when there is none yet. */
  UploadRoute routeOf(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    return route != null ? route : created(uploadId, expected.remove(uploadId));
  }

  /**
   * The upload's route for someone who follows it: created when there is none yet, and its load
   * queued before those of routes only events asked for.
   */
  UploadRoute followedRouteOf(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    if (route == null) {
      return created(uploadId, true);
    }
    if (route.loading()) {
      followedLoads.add(route); // the load queued first skips it once this one has run
      startDrainer();
    }
    return route;
  }

  private UploadRoute created(UploadId uploadId, boolean followed) {
    var fresh = new UploadRoute(uploadId, context, System.nanoTime());
    UploadRoute route = routes.putIfAbsent(uploadId, fresh);
    if (route != null) {
      return route;
    }
    queue(fresh, followed);
    if (routes.size() >= trimAt.get()) {
      trimSoon();
    }
    return fresh;
  }

  Optional<UploadRoute> existing(UploadId uploadId) {
    return Optional.ofNullable(routes.get(uploadId));
  }

  /**
   * {@code uploadId} was registered and no route of it is cached: its first event will load it
   * ahead of ids never registered.
   */
  void expect(UploadId uploadId) {
    if (expected.size() >= capacity) {
      expected.clear(); // ids registered long ago and never seen: the hint is stale
    }
    expected.add(uploadId);
  }

  /** Loads {@code route} from storage on a loader thread, as it asked; it was followed. */
  void load(UploadRoute route) {
    queue(route, true);
  }

  /**
   * Every loaded route tells its subscribers' resuming connections that events may have been
   * missed; the first step of a resynchronization, before {@link #forgetAll}.
   */
  void reportGap(ChannelHistory.Gap gap) {
    routes.values().forEach(route -> route.reportGap(gap));
  }

  /**
   * Drops every loaded route; routes still loading load again, so changes missed meanwhile are read
   * from storage either way. Their windows go too, which the ledger needs not learn: this follows a
   * listener outage, before which no client can resume anyway.
   */
  void forgetAll() {
    routes.forEach(
        (id, route) -> {
          if (route.forget()) {
            routes.remove(id, route);
            route.dropHistory();
          }
        });
  }

  /**
   * As {@link #forgetAll} for one upload, whose events this instance did not receive until now
   * (interest mode): its cached latest event and window may lack events.
   */
  void forget(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    if (route != null && route.forget()) {
      drop(uploadId, route);
    }
  }

  // Drops a route from the cache; if it kept any part of a window, channels created from now on
  // cover only later events (see PositionLedger.coverageStart). Checked again after the removal, in
  // case an event reached the route meanwhile.
  private void drop(UploadId id, UploadRoute route) {
    if (route.coversHistory()) {
      context.ledger().forgetting();
    }
    if (routes.remove(id, route) && route.coversHistory()) {
      context.ledger().forgetting();
    }
    route.dropHistory();
  }

  /**
   * As {@link #forgetAll}, but the routes whose windows hold events for resuming clients load again
   * instead of being dropped, keeping their windows: in streams mode no event was missed, only
   * audience changes may have been.
   */
  void reloadAll() {
    routes.forEach(
        (id, route) -> {
          if (route.holdsHistory()) {
            if (route.reload()) {
              queue(route, true);
            }
          } else if (route.forget()) {
            drop(id, route);
          }
        });
  }

  private void queue(UploadRoute route, boolean followed) {
    (followed ? followedLoads : otherLoads).add(route);
    startDrainer();
  }

  // One drainer per loader thread at most; each takes batches until both queues are empty.
  private void startDrainer() {
    for (int running = drainers.get(); running < loaderThreads; running = drainers.get()) {
      if (drainers.compareAndSet(running, running + 1)) {
        loader.execute(this::drain);
        return;
      }
    }
  }

  private void drain() {
    try {
      for (List<PendingLoad> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
        loadNow(batch);
      }
    } finally {
      drainers.decrementAndGet();
      // A route queued after the last poll may have seen this drainer still running.
      if (!followedLoads.isEmpty() || !otherLoads.isEmpty()) {
        startDrainer();
      }
    }
  }

  /** A route about to be read, the stamp it gave, and which queue it came from. */
  private record PendingLoad(UploadRoute route, int generation, boolean followed) {}

  private List<PendingLoad> nextBatch() {
    List<PendingLoad> batch = new ArrayList<>();
    Set<UploadRoute> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    take(followedLoads, true, batch, taken);
    take(otherLoads, false, batch, taken);
    return batch;
  }

  private static void take(
      ConcurrentLinkedQueue<UploadRoute> queue,
      boolean followed,
      List<PendingLoad> batch,
      Set<UploadRoute> taken) {
    for (UploadRoute route; batch.size() < MAX_BATCH && (route = queue.poll()) != null; ) {
      int generation = route.loadStarting();
      if (generation != UploadRoute.NO_LOAD_NEEDED && taken.add(route)) {
        batch.add(new PendingLoad(route, generation, followed));
      }
    }
  }

  private void loadNow(List<PendingLoad> batch) {
    Map<UploadId, UploadAudience> audiences;
    try {
      loadQueries.incrementAndGet();
      // The latest event comes with the audience, so a subscriber arriving just after the load
      // still finds it, and for the audience's registration only, so a re-registered id inherits
      // nothing.
      audiences =
          directory.findAudiences(
              batch.stream().map(load -> load.route().uploadId()).toList(),
              policy.expiryCutoff(clock.instant()));
    } catch (RuntimeException e) {
      retryLater(batch, e);
      return;
    }
    loads.addAndGet(batch.size());
    for (PendingLoad load : batch) {
      UploadRoute route = load.route();
      Optional<UploadAudience> audience = Optional.ofNullable(audiences.get(route.uploadId()));
      OutboundFrame storedLatest =
          audience
              .flatMap(UploadAudience::latestEvent)
              .map(event -> context.frames().frameOf(route.uploadId(), event))
              .orElse(null);
      if (!route.loaded(load.generation(), audience, storedLatest)) {
        queue(route, true); // the audience changed while it was being read
      }
    }
  }

  private void retryLater(List<PendingLoad> batch, RuntimeException failure) {
    loadFailures.incrementAndGet();
    long delay = 0;
    for (PendingLoad load : batch) {
      delay = Math.max(delay, load.route().retryDelayMillis(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS));
    }
    LOG.warn(
        "Cannot load the subscribers of {} uploads, {} among them (retrying in {} ms): {}",
        batch.size(),
        batch.get(0).route().uploadId(),
        delay,
        failure.getMessage());
    loader.schedule(
        () -> batch.forEach(load -> queue(load.route(), load.followed())),
        delay,
        TimeUnit.MILLISECONDS);
  }

  private void trimSoon() {
    if (trimming.compareAndSet(false, true)) {
      loader.execute(
          () -> {
            try {
              evictBeyondCapacity();
              trimAt.set(Math.max(routes.size(), capacity) + trimStep());
            } finally {
              trimming.set(false);
            }
          });
    }
  }

  /** Drops routes unused for the idle period, then the least useful beyond capacity. */
  void evictIdle() {
    long idleBefore = System.nanoTime() - idleEviction.toNanos();
    long now = System.nanoTime();
    routes.forEach(
        (id, route) -> {
          route.trimHistory(now);
          if (route.idleSince(idleBefore)) {
            drop(id, route);
          }
        });
    evictBeyondCapacity();
  }

  private int trimStep() {
    return Math.max(1, capacity / 10);
  }

  /**
   * Keeps at most the capacity of loaded routes (routes still loading are never dropped, nor
   * counted: they wait for a query, not for room). Drops first the routes of ids that were not
   * registered (cheap to learn again, and what a burst of bulk starts leaves behind), then those
   * none of whose subscribers is connected here, and routes some connected user follows last; least
   * recently used first within each.
   */
  private synchronized void evictBeyondCapacity() {
    record Use(UploadRoute route, int worth, long lastUsed) {}
    List<Use> loaded = new ArrayList<>();
    routes.forEach(
        (id, route) -> {
          UploadRoute.Standing standing = route.standing();
          if (standing != null) {
            loaded.add(new Use(route, worth(standing), standing.lastUsedNanos()));
          }
        });
    int excess = loaded.size() - capacity;
    if (excess > 0) {
      loaded.stream()
          .sorted(Comparator.comparingInt(Use::worth).thenComparingLong(Use::lastUsed))
          .limit(excess)
          .forEach(use -> drop(use.route().uploadId(), use.route()));
    }
  }

  private int worth(UploadRoute.Standing standing) {
    if (!standing.registered()) {
      return 0;
    }
    return standing.subscribers().stream().anyMatch(connected) ? 2 : 1;
  }

  int size() {
    return routes.size();
  }

  /**
   * Subscribers summed over the cached routes, read without their locks: a gauge may be a moment
   * stale, and the fan-out is never held up by it.
   */
  long subscriberCount() {
    long count = 0;
    for (UploadRoute route : routes.values()) {
      count += route.subscriberCount();
    }
    return count;
  }
}
