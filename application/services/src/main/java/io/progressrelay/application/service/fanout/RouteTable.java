package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the uploads seen recently: caches them, loads each from storage on a loader thread
 * when it is created or asks to be loaded again, and evicts idle ones. It only caches and loads:
 * what a load means for a route, and every other transition, is the route's own business. Thread-
 * safe.
 */
final class RouteTable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  private final ConcurrentHashMap<UploadId, UploadRoute> routes = new ConcurrentHashMap<>();
  private final SubscriberDirectory directory;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final ScheduledExecutorService loader;
  private final RouteContext context;
  private final Duration idleEviction;
  private final int capacity;
  final AtomicLong loads = new AtomicLong();
  final AtomicLong loadFailures = new AtomicLong();

  RouteTable(
      SubscriberDirectory directory,
      SubscriptionPolicy policy,
      Clock clock,
      ScheduledExecutorService loader,
      RouteContext context,
      FanOutSettings settings) {
    this.directory = directory;
    this.policy = policy;
    this.clock = clock;
    this.loader = loader;
    this.context = context;
    this.idleEviction = settings.idleRouteEviction();
    this.capacity = settings.latestStateCapacity();
  }

  /** The upload's route, created (and its loading started) when there is none yet. */
  UploadRoute routeOf(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    if (route != null) {
      return route;
    }
    var fresh = new UploadRoute(uploadId, context, System.nanoTime());
    route = routes.putIfAbsent(uploadId, fresh);
    if (route != null) {
      return route;
    }
    load(fresh);
    return fresh;
  }

  Optional<UploadRoute> existing(UploadId uploadId) {
    return Optional.ofNullable(routes.get(uploadId));
  }

  /** Loads {@code route} from storage on a loader thread, as it asked. */
  void load(UploadRoute route) {
    loader.execute(() -> loadNow(route));
  }

  /**
   * Drops every loaded route; routes still loading load again, so changes missed meanwhile are read
   * from storage either way.
   */
  void forgetAll() {
    routes.forEach(
        (id, route) -> {
          if (route.forget()) {
            routes.remove(id, route);
          }
        });
  }

  private void loadNow(UploadRoute route) {
    int generation = route.loadStarting();
    Optional<UploadAudience> audience;
    try {
      loads.incrementAndGet();
      // The latest event comes with the audience, so a subscriber arriving just after the load
      // still finds it, and for the audience's registration only, so a re-registered id inherits
      // nothing.
      audience = directory.findAudience(route.uploadId(), policy.expiryCutoff(clock.instant()));
    } catch (RuntimeException e) {
      retryLater(route, e);
      return;
    }
    OutboundFrame storedLatest =
        audience
            .flatMap(UploadAudience::latestEvent)
            .map(event -> context.frames().frameOf(route.uploadId(), event))
            .orElse(null);
    if (!route.loaded(generation, audience, storedLatest)) {
      load(route); // the audience changed while it was being read
    }
  }

  private void retryLater(UploadRoute route, RuntimeException failure) {
    loadFailures.incrementAndGet();
    long delay = route.retryDelayMillis(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
    LOG.warn(
        "Cannot load the subscribers of {} (retrying in {} ms): {}",
        route.uploadId(),
        delay,
        failure.getMessage());
    loader.schedule(() -> loadNow(route), delay, TimeUnit.MILLISECONDS);
  }

  /** Drops routes unused for the idle period, then the least recently used beyond capacity. */
  void evictIdle() {
    long idleBefore = System.nanoTime() - idleEviction.toNanos();
    routes.forEach(
        (id, route) -> {
          if (route.idleSince(idleBefore)) {
            routes.remove(id, route);
          }
        });
    int excess = routes.size() - capacity;
    if (excess > 0) {
      record Use(UploadRoute route, long lastUsed) {}
      routes.values().stream()
          .flatMap(
              route -> route.lastUsedWhenReady().stream().mapToObj(used -> new Use(route, used)))
          .sorted(Comparator.comparingLong(Use::lastUsed))
          .limit(excess)
          .forEach(use -> routes.remove(use.route().uploadId(), use.route()));
    }
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
