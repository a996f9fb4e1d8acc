package io.progressrelay.application.service.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the uploads seen recently: caches them in a Caffeine cache, and loads them from
 * storage in batches on the loader threads when they are created or ask to be loaded again. Loads
 * wait in two queues: routes someone follows (a subscription, a registration change of a cached
 * route, an id whose registration was announced) go before routes only an event created, so a burst
 * of events on ids never seen before delays neither. It only caches and loads: what a load means
 * for a route, and every other transition, is the route's own business.
 *
 * <p>The cache keeps at most the capacity of routes that can go (W-TinyLFU: the ones used least
 * often go first) and drops a route unused (no lookup) for the idle period. Two kinds are pinned: a
 * route waiting for its load weighs nothing and never expires, since its queued load, held events
 * and waiting subscribers must not be split from the next event's route; and a route one of whose
 * subscribers is connected here weighs nothing, so a flood of new ids never pushes out an upload
 * someone is watching (those are bounded by the connections' own limits, and still expire when
 * idle). Every change that can start a load runs inside the cache's compute for its id, so the pin
 * is in place before an eviction could pick the route; Caffeine weighs and times an entry again
 * under that same lock before evicting it. The cache's upkeep runs on its own executor, never on
 * the Redis reader (except when a burst outruns that executor and Caffeine asks the writer to
 * help). Thread-safe; {@link #routeOf} is a lock-free, allocation-free lookup for a cached id.
 */
final class RouteTable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  /** Routes read from storage in one query, at most. */
  static final int MAX_BATCH = 1_000;

  private final Cache<UploadId, UploadRoute> cache;
  private final ConcurrentMap<UploadId, UploadRoute> routes;
  private final ConcurrentLinkedQueue<UploadRoute> followedLoads = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<UploadRoute> otherLoads = new ConcurrentLinkedQueue<>();
  // Ids registered since this instance last saw them: their routes load as followed ones. Only a
  // hint, bounded and never needed for correctness.
  private final Set<UploadId> expected = ConcurrentHashMap.newKeySet();
  private final AtomicInteger drainers = new AtomicInteger();
  private final SubscriberDirectory directory;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final ScheduledExecutorService loader;
  private final int loaderThreads;
  private final RouteContext context;
  private final Predicate<UserId> connected;
  private final int capacity;
  final AtomicLong loads = new AtomicLong();
  final AtomicLong loadQueries = new AtomicLong();
  final AtomicLong loadFailures = new AtomicLong();

  /**
   * A table loading on {@code loader} ({@code loaderThreads} of its threads at most), whose cache
   * does its upkeep on {@code cacheUpkeep} and reads time from {@code ticker}.
   */
  RouteTable(
      SubscriberDirectory directory,
      SubscriptionPolicy policy,
      Clock clock,
      ScheduledExecutorService loader,
      int loaderThreads,
      RouteContext context,
      Predicate<UserId> connected,
      FanOutSettings settings,
      ScheduledExecutorService cacheUpkeep,
      Ticker ticker) {
    this.directory = directory;
    this.policy = policy;
    this.clock = clock;
    this.loader = loader;
    this.loaderThreads = loaderThreads;
    this.context = context;
    this.connected = connected;
    this.capacity = settings.latestStateCapacity();
    this.cache =
        Caffeine.newBuilder()
            .executor(task -> upkeep(cacheUpkeep, task))
            .scheduler((executor, task, delay, unit) -> later(cacheUpkeep, task, delay, unit))
            .ticker(ticker)
            .maximumWeight(capacity)
            .weigher((UploadId id, UploadRoute route) -> pinned(route) ? 0 : 1)
            .expireAfter(new IdleExpiry(settings.idleRouteEviction().toNanos()))
            .evictionListener(RouteTable::evicted)
            .build();
    this.routes = cache.asMap();
  }

  // Once the engine has closed, the upkeep runs on the caller: a load finishing late must not fail.
  private static void upkeep(ScheduledExecutorService executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      task.run();
    }
  }

  // The next expiry's upkeep, when one is due; none once the engine has closed.
  private static Future<?> later(
      ScheduledExecutorService executor, Runnable task, long delay, TimeUnit unit) {
    try {
      return executor.schedule(() -> upkeep(executor, task), delay, unit);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.completedFuture(null);
    }
  }

  // Called by Caffeine under the entry's lock, as it evicts the route (beyond capacity or idle).
  private static void evicted(UploadId id, UploadRoute route, RemovalCause cause) {
    if (route != null) {
      route.leaveCache(true);
    }
  }

  private boolean pinned(UploadRoute route) {
    return route.loading() || route.followedByAnyOf(connected);
  }

  /**
   * A route expires once no event or catch-up has looked it up for the idle period; a loading one
   * never does. Only a lookup (a read) counts as use: a write pins the route while it loads, and
   * otherwise keeps its time, so weighing it again is no use. A read keeps a pinned entry's time as
   * it is, so the lookup reads no route state.
   */
  private record IdleExpiry(long idleNanos) implements Expiry<UploadId, UploadRoute> {
    @Override
    public long expireAfterCreate(UploadId id, UploadRoute route, long now) {
      return route.loading() ? Long.MAX_VALUE : idleNanos;
    }

    @Override
    public long expireAfterUpdate(UploadId id, UploadRoute route, long now, long current) {
      return route.loading() ? Long.MAX_VALUE : Math.min(current, idleNanos);
    }

    @Override
    public long expireAfterRead(UploadId id, UploadRoute route, long now, long current) {
      return current > idleNanos ? current : idleNanos;
    }
  }

  /** The upload's route, created (and its loading queued) when there is none yet. */
  UploadRoute routeOf(UploadId uploadId) {
    UploadRoute route = cache.getIfPresent(uploadId);
    return route != null ? route : created(uploadId, expected.remove(uploadId));
  }

  /**
   * The upload's route for someone who follows it: created when there is none yet, and its load
   * queued before those of routes only events asked for.
   */
  UploadRoute followedRouteOf(UploadId uploadId) {
    UploadRoute route = cache.getIfPresent(uploadId);
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
    var fresh = new UploadRoute(uploadId, context);
    UploadRoute route = routes.putIfAbsent(uploadId, fresh);
    if (route != null) {
      return route;
    }
    queue(fresh, followed);
    return fresh;
  }

  /**
   * Runs {@code change} on the upload's route for someone who follows it (created, and its load
   * queued first, when there is none), under the cache's lock for the id: a route the change sets
   * loading is pinned before any eviction can pick it, and one a connected user now follows is
   * weighed again. The route's load is queued when {@code change} says so (true).
   */
  void changeFollowed(UploadId uploadId, Predicate<UploadRoute> change) {
    routes.compute(
        uploadId,
        (id, cached) -> {
          UploadRoute route = cached;
          if (route == null) {
            route = new UploadRoute(id, context);
            queue(route, true);
          } else if (route.loading()) {
            queue(route, true); // the load queued first skips it once this one has run
          }
          if (change.test(route)) {
            queue(route, true);
          }
          return route;
        });
  }

  /**
   * As {@link #changeFollowed}, for a cached route only; false when none is cached, and then
   * nothing is created.
   */
  boolean changeCached(UploadId uploadId, Predicate<UploadRoute> change) {
    return routes.computeIfPresent(
            uploadId,
            (id, route) -> {
              if (change.test(route)) {
                queue(route, true);
              }
              return route;
            })
        != null;
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
        (uploadId, seen) ->
            routes.computeIfPresent(
                uploadId,
                (id, route) -> {
                  if (!route.forget()) {
                    return route;
                  }
                  route.leaveCache(false);
                  return null;
                }));
  }

  /**
   * As {@link #forgetAll}, but the routes whose windows hold events for resuming clients load again
   * instead of being dropped, keeping their windows: in streams mode no event was missed, only
   * audience changes may have been. A route dropped here tells the ledger it covered part of a
   * window, as an evicted one does.
   */
  void reloadAll() {
    routes.forEach(
        (uploadId, seen) ->
            routes.computeIfPresent(
                uploadId,
                (id, route) -> {
                  if (route.holdsHistory()) {
                    if (route.reload()) {
                      queue(route, true);
                    }
                    return route;
                  }
                  if (!route.forget()) {
                    return route;
                  }
                  route.leaveCache(true);
                  return null;
                }));
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
      if (route.loaded(load.generation(), audience, storedLatest)) {
        weighAgain(route);
      } else {
        queue(route, true); // the audience changed while it was being read
      }
    }
  }

  // A loaded route is no longer pinned for its load (it may still be for a connected subscriber),
  // and starts to age. Late is harmless: the route only stays pinned a moment longer.
  private void weighAgain(UploadRoute route) {
    routes.computeIfPresent(route.uploadId(), (id, cached) -> cached);
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

  /**
   * The periodic upkeep: drops kept events older than their window, so a quiet upload gives its
   * memory back; weighs again the loaded routes whose pin a user's connecting or leaving has
   * changed since; and lets the cache evict what it is due to.
   */
  void maintain() {
    long now = System.nanoTime();
    var eviction = cache.policy().eviction().orElseThrow();
    routes.forEach(
        (id, route) -> {
          route.trimHistory(now);
          int weight = pinned(route) ? 0 : 1;
          if (eviction.weightOf(id).orElse(weight) != weight) {
            routes.computeIfPresent(id, (key, cached) -> cached);
          }
        });
    cache.cleanUp();
  }

  int size() {
    return Math.toIntExact(cache.estimatedSize());
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
