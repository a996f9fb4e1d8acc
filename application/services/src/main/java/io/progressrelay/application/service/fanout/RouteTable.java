package io.progressrelay.application.service.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.ProgressEvent;
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
import java.util.function.Consumer;
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
 * <p>A route waiting for its load lives in a plain map, where nothing evicts or expires it: its
 * queued load, held events and waiting subscribers must never be split from the next event's route.
 * A loaded route lives in a Caffeine cache that keeps at most the capacity of routes (W-TinyLFU:
 * the ones used least often go first) and drops a route no event or catch-up has looked up for the
 * idle period. A loaded route one of whose subscribers is connected here weighs nothing there,
 * which Caffeine never evicts for size, so a flood of new ids never pushes out an upload someone is
 * watching (those are bounded by the connections' own limits, and still expire when idle); who is
 * connected is weighed again when a load ends, when an event first reaches a connected subscriber
 * of a route weighed as unwatched, and by the periodic upkeep (which also unpins the routes whose
 * watchers left). A route moves between the two places under the map's lock for its id, then the
 * cache's: added to its new place before it leaves the old, and found by looking in the map first,
 * so a lookup never misses it; a change that starts a load runs under the cache's lock for the id,
 * so an eviction cannot take the route meanwhile. Loading routes stay out of Caffeine because it
 * walks past weightless entries on every eviction: a burst of 200,000 new ids would make each
 * eviction walk them all. The cache's upkeep runs on its own executor, never on the Redis reader
 * (except when a burst outruns that executor and Caffeine asks a writer to help). Thread-safe;
 * {@link #relay} looks a cached id up without a lock or an allocation.
 */
final class RouteTable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  /** Routes read from storage in one query, at most. */
  static final int MAX_BATCH = 1_000;

  // Routes waiting for their load; the lock of an id's entry here orders every move of its route.
  private final ConcurrentHashMap<UploadId, UploadRoute> loading = new ConcurrentHashMap<>();
  // Loaded routes.
  private final Cache<UploadId, UploadRoute> cache;
  private final ConcurrentMap<UploadId, UploadRoute> cached;
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
            .weigher((UploadId id, UploadRoute route) -> route.watchedBy(connected) ? 0 : 1)
            .expireAfter(new IdleExpiry(settings.idleRouteEviction().toNanos()))
            .evictionListener(RouteTable::evicted)
            .build();
    this.cached = cache.asMap();
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

  /**
   * A route expires once no event or catch-up has looked it up for the idle period: only a lookup
   * (a read) counts as use, not weighing the route again.
   */
  private record IdleExpiry(long idleNanos) implements Expiry<UploadId, UploadRoute> {
    @Override
    public long expireAfterCreate(UploadId id, UploadRoute route, long now) {
      return idleNanos;
    }

    @Override
    public long expireAfterUpdate(UploadId id, UploadRoute route, long now, long current) {
      return current;
    }

    @Override
    public long expireAfterRead(UploadId id, UploadRoute route, long now, long current) {
      return idleNanos;
    }
  }

  /**
   * Hands {@code event} to the upload's route, created (and its loading queued) when there is none
   * yet: a new route holds it until loaded. A route that left the cache between the lookup and the
   * hand-over refuses it, and the next lookup finds its successor; a route whose event reached a
   * user connected here while it was weighed as followed by none is weighed again now, so it is
   * pinned before the next event (say, of a flood) could push it out.
   */
  void relay(UploadId uploadId, ProgressEvent event) {
    for (; ; ) {
      UploadRoute route = lookUp(uploadId);
      if (route == null && (route = created(uploadId, false, event)) == null) {
        return; // a new route holds it
      }
      switch (route.relay(event)) {
        case GONE -> {
          continue;
        }
        case NOW_WATCHED -> weighAgain(route);
        case DONE -> {}
      }
      return;
    }
  }

  // The map first: a route moving between the places is added to its new one before it leaves the
  // old.
  private UploadRoute lookUp(UploadId uploadId) {
    UploadRoute route = loading.get(uploadId);
    return route != null ? route : cache.getIfPresent(uploadId);
  }

  /**
   * The upload's route for someone who follows it: created when there is none yet, and its load
   * queued before those of routes only events asked for.
   */
  UploadRoute followedRouteOf(UploadId uploadId) {
    UploadRoute route = lookUp(uploadId);
    if (route == null) {
      return created(uploadId, true, null);
    }
    if (route.loading()) {
      followedLoads.add(route); // the load queued first skips it once this one has run
      startDrainer();
    }
    return route;
  }

  // Under the id's lock, so a route that moved meanwhile (and so was missed) is found again: the
  // route kept for the id, or a new one with its load queued. A new route takes event (when one is
  // given) before its load can start, so it cannot be loaded and evicted before holding it; null is
  // returned for it then.
  private UploadRoute created(UploadId uploadId, boolean followed, ProgressEvent event) {
    UploadRoute[] found = new UploadRoute[1];
    loading.compute(
        uploadId,
        (id, pending) -> {
          if (pending != null) {
            found[0] = pending;
            return pending;
          }
          found[0] = cache.getIfPresent(id);
          if (found[0] != null) {
            return null;
          }
          UploadRoute fresh = new UploadRoute(id, context);
          if (event != null) {
            fresh.relay(event);
          } else {
            found[0] = fresh;
          }
          queue(fresh, followed || expected.remove(id));
          return fresh;
        });
    return found[0];
  }

  /**
   * Runs {@code change} on the upload's route for someone who follows it (created, and its load
   * queued first, when there is none), under the id's locks: a route the change sets loading moves
   * out of the cache before any eviction can take it, and one a connected user now follows is
   * weighed again. The route's load is queued when {@code change} says so (true).
   */
  void changeFollowed(UploadId uploadId, Predicate<UploadRoute> change) {
    settle(
        uploadId,
        true,
        route -> {
          if (route.loading()) {
            queue(route, true); // the load queued first skips it once this one has run
          }
          if (change.test(route)) {
            queue(route, true);
          }
          return true;
        });
  }

  /**
   * As {@link #changeFollowed}, for a route already kept only; false when there is none, and then
   * nothing is created.
   */
  boolean changeCached(UploadId uploadId, Predicate<UploadRoute> change) {
    return settle(
        uploadId,
        false,
        route -> {
          if (change.test(route)) {
            queue(route, true);
          }
          return true;
        });
  }

  /**
   * Runs {@code change} on the id's route (a new one when there is none and {@code create}) under
   * the map's lock for the id, and under the cache's too when the route is there, then files the
   * route where its state says: dropped when {@code change} answers false (it has left the cache
   * then), in the map while it waits for a load, in the cache once loaded. False when there was no
   * route and none was created.
   */
  private boolean settle(UploadId uploadId, boolean create, Predicate<UploadRoute> change) {
    boolean[] found = new boolean[1];
    loading.compute(
        uploadId,
        (id, pending) -> {
          if (pending != null) {
            found[0] = true;
            return filed(id, pending, change.test(pending));
          }
          UploadRoute[] toLoading = new UploadRoute[1];
          cached.computeIfPresent(
              id,
              (key, route) -> {
                found[0] = true;
                if (!change.test(route)) {
                  return null;
                }
                if (route.loading()) {
                  toLoading[0] = route; // into the map as this compute returns
                  return null;
                }
                return route; // weighed again
              });
          if (found[0] || !create) {
            return toLoading[0];
          }
          found[0] = true;
          UploadRoute fresh = new UploadRoute(id, context);
          queue(fresh, true);
          return filed(id, fresh, change.test(fresh));
        });
    return found[0];
  }

  // Under the map's lock for id: where a route of the map goes after a change; null when it leaves
  // the map (dropped, or into the cache, loaded).
  private UploadRoute filed(UploadId id, UploadRoute route, boolean kept) {
    if (!kept) {
      return null;
    }
    if (route.loading()) {
      return route;
    }
    UploadRoute replaced = cached.put(id, route);
    if (replaced != null && replaced != route) {
      replaced.leaveCache(true); // never expected: one route per id
    }
    return null;
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
    loading.values().forEach(route -> route.reportGap(gap));
    cached.values().forEach(route -> route.reportGap(gap));
  }

  /**
   * Drops every loaded route; routes still loading load again, so changes missed meanwhile are read
   * from storage either way. Their windows go too, which the ledger needs not learn: this follows a
   * listener outage, before which no client can resume anyway.
   */
  void forgetAll() {
    forEachId(id -> forget(id, false));
  }

  /**
   * As {@link #forgetAll} for one upload, whose events this instance did not receive until now
   * (interest mode): its cached latest event and window may lack events.
   */
  void forget(UploadId uploadId) {
    forget(uploadId, true);
  }

  /**
   * As {@link #forget(UploadId)}, after the upload's subscribers' resuming connections are told:
   * events of the upload were missed while its subscription alone was interrupted. The ledger
   * learns of the lost window even when no route is cached, so no route created later claims it.
   */
  void missed(UploadId uploadId, ChannelHistory.Gap gap) {
    context.ledger().missedOnOneChannel();
    UploadRoute route = loading.get(uploadId);
    if (route == null) {
      route = cached.get(uploadId);
    }
    if (route != null) {
      route.reportGap(gap);
    }
    forget(uploadId, true);
  }

  // Drops the id's loaded route (one still loading loads again); windowLost as in leaveCache.
  private void forget(UploadId uploadId, boolean windowLost) {
    settle(
        uploadId,
        false,
        route -> {
          if (!route.forget()) {
            return true;
          }
          route.leaveCache(windowLost);
          return false;
        });
  }

  /**
   * As {@link #forgetAll}, but the routes whose windows hold events for resuming clients load again
   * instead of being dropped, keeping their windows: in streams mode no event was missed, only
   * audience changes may have been. A route dropped here tells the ledger it covered part of a
   * window, as an evicted one does.
   */
  void reloadAll() {
    forEachId(
        id ->
            settle(
                id,
                false,
                route -> {
                  if (route.holdsHistory()) {
                    if (route.reload()) {
                      queue(route, true);
                    }
                    return true;
                  }
                  if (!route.forget()) {
                    return true;
                  }
                  route.leaveCache(true);
                  return false;
                }));
  }

  private void forEachId(Consumer<UploadId> action) {
    List<UploadId> ids = new ArrayList<>(loading.keySet());
    ids.addAll(cached.keySet());
    ids.forEach(action);
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
        intoCache(route);
      } else {
        queue(route, true); // the audience changed while it was being read
      }
    }
  }

  // A loaded route moves into the cache, unless a change set it loading again meanwhile.
  private void intoCache(UploadRoute route) {
    loading.computeIfPresent(
        route.uploadId(), (id, pending) -> pending == route ? filed(id, route, true) : pending);
  }

  // A route whose event reached a connected user is weighed again, to be pinned for it.
  private void weighAgain(UploadRoute route) {
    cached.computeIfPresent(route.uploadId(), (id, kept) -> kept);
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
    loading.values().forEach(route -> route.trimHistory(now));
    var eviction = cache.policy().eviction().orElseThrow();
    cached.forEach(
        (id, route) -> {
          route.trimHistory(now);
          int weight = route.watchedBy(connected) ? 0 : 1;
          if (eviction.weightOf(id).orElse(weight) != weight) {
            cached.computeIfPresent(id, (key, kept) -> kept);
          }
        });
    cache.cleanUp();
  }

  int size() {
    return loading.size() + Math.toIntExact(cache.estimatedSize());
  }

  /**
   * Subscribers summed over the cached routes, read without their locks: a gauge may be a moment
   * stale, and the fan-out is never held up by it.
   */
  long subscriberCount() {
    long count = 0;
    for (UploadRoute route : loading.values()) {
      count += route.subscriberCount();
    }
    for (UploadRoute route : cached.values()) {
      count += route.subscriberCount();
    }
    return count;
  }
}
