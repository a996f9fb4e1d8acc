package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.SubscriberDirectory;
import io.progressrelay.application.port.out.UploadAudience;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached routing of every upload seen recently: loaded from storage on first use on a loader
 * thread (events arriving meanwhile wait, in order), then kept current by audience changes so that
 * steady-state forwarding queries nothing, and loaded again when its id is registered or deleted.
 * Thread-safe.
 */
final class RouteTable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  private final ConcurrentHashMap<UploadId, UploadRoute> routes = new ConcurrentHashMap<>();
  private final SubscriberDirectory directory;
  private final UploadRepository uploads;
  private final SubscriptionPolicy policy;
  private final Clock clock;
  private final ScheduledExecutorService loader;
  private final FanOutSettings settings;
  private final RouteDelivery delivery;
  final AtomicLong loads = new AtomicLong();
  final AtomicLong loadFailures = new AtomicLong();
  final AtomicLong pendingDropped = new AtomicLong();

  /** What the table needs from the engine: deliver one event, or one frame to one user. */
  interface RouteDelivery {
    void dispatch(UploadRoute route, ProgressEvent event);

    void deliverTo(UserId user, OutboundFrame frame);
  }

  RouteTable(
      SubscriberDirectory directory,
      UploadRepository uploads,
      SubscriptionPolicy policy,
      Clock clock,
      ScheduledExecutorService loader,
      FanOutSettings settings,
      RouteDelivery delivery) {
    this.directory = directory;
    this.uploads = uploads;
    this.policy = policy;
    this.clock = clock;
    this.loader = loader;
    this.settings = settings;
    this.delivery = delivery;
  }

  /** The upload's route, created (and its loading started) when there is none yet. */
  UploadRoute routeOf(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    if (route != null) {
      return route;
    }
    var fresh = new UploadRoute(uploadId, System.nanoTime());
    route = routes.putIfAbsent(uploadId, fresh);
    if (route != null) {
      return route;
    }
    loader.execute(() -> load(fresh));
    return fresh;
  }

  Optional<UploadRoute> existing(UploadId uploadId) {
    return Optional.ofNullable(routes.get(uploadId));
  }

  /**
   * Drops every loaded route; routes still loading load again, so changes missed meanwhile are read
   * from storage either way.
   */
  void forgetAll() {
    routes.forEach(
        (id, route) -> {
          synchronized (route) {
            if (route.ready) {
              routes.remove(id, route);
            } else {
              route.generation++;
            }
          }
        });
  }

  /**
   * The id was registered or deleted: its cached route, if any, loads again. Events waiting in a
   * route still loading are dropped: they arrived before this instance learned of the change, so
   * they may belong to the registration that ended (or to none) and must not pass to the next.
   */
  void registrationChanged(UploadId uploadId) {
    UploadRoute route = routes.get(uploadId);
    if (route == null) {
      return;
    }
    synchronized (route) {
      pendingDropped.addAndGet(route.pending.size());
      route.pending.clear();
      reload(route);
    }
  }

  /** Loads the route again; events arriving meanwhile wait. Called with its monitor held. */
  void reload(UploadRoute route) {
    route.generation++; // a load in flight repeats itself
    if (route.ready) {
      route.ready = false;
      loader.execute(() -> load(route));
    }
  }

  /** Holds {@code event} until the route is loaded; the oldest is dropped past the bound. */
  void pend(UploadRoute route, ProgressEvent event) {
    if (route.pending.size() >= settings.maxPendingPerUpload()) {
      route.pending.pollFirst();
      if (pendingDropped.getAndIncrement() == 0) {
        LOG.warn("Dropping events of {}: its subscribers could not be loaded yet", route.uploadId);
      }
    }
    route.pending.addLast(event);
  }

  private void load(UploadRoute route) {
    int generation;
    synchronized (route) {
      generation = route.generation;
    }
    Optional<UploadAudience> audience;
    Optional<LatestEvent> stored;
    try {
      loads.incrementAndGet();
      audience = directory.findAudience(route.uploadId, policy.expiryCutoff(clock.instant()));
      // Read with the audience, so a subscriber arriving just after the load still finds it, and
      // for the audience's registration only, so a re-registered id inherits nothing.
      stored =
          audience.isEmpty()
              ? Optional.empty()
              : uploads.findLatestEvent(route.uploadId, audience.get().registration());
    } catch (RuntimeException e) {
      retryLater(route, e);
      return;
    }
    synchronized (route) {
      if (route.generation != generation) {
        loader.execute(() -> load(route)); // the audience changed while it was being read
        return;
      }
      long registration =
          audience.map(UploadAudience::registration).orElse(UploadRoute.UNREGISTERED);
      if (registration != route.registration) {
        // What was kept for another registration, or for none, belongs to no one now.
        route.registration = registration;
        route.latest = null;
        route.unwritten = null;
      }
      route.subscribers = audience.map(UploadAudience::subscribers).orElse(Set.of());
      route.ready = true;
      route.retryDelayMillis = 0;
      if (route.latest == null && stored.isPresent()) {
        route.latest = framed(route.uploadId, stored.get());
      }
      for (UserId user : route.latestWanted) {
        if (route.latest != null && route.subscribers.contains(user)) {
          delivery.deliverTo(user, route.latest);
        }
      }
      route.latestWanted.clear();
      for (ProgressEvent event; (event = route.pending.pollFirst()) != null; ) {
        delivery.dispatch(route, event);
      }
    }
  }

  private void retryLater(UploadRoute route, RuntimeException failure) {
    loadFailures.incrementAndGet();
    long delay;
    synchronized (route) {
      delay =
          route.retryDelayMillis == 0
              ? FIRST_RETRY_MILLIS
              : Math.min(MAX_RETRY_MILLIS, route.retryDelayMillis * 2);
      route.retryDelayMillis = delay;
    }
    LOG.warn(
        "Cannot load the subscribers of {} (retrying in {} ms): {}",
        route.uploadId,
        delay,
        failure.getMessage());
    loader.schedule(() -> load(route), delay, TimeUnit.MILLISECONDS);
  }

  private OutboundFrame framed(UploadId uploadId, LatestEvent event) {
    ProgressEvent asEvent =
        ProgressEvent.of(
            new EventChannel.Upload(uploadId),
            event.action(),
            null,
            null,
            event.payload(),
            event.receivedAt(),
            System.nanoTime());
    return OutboundFrame.ofEvent(asEvent, settings.policies().forKind(asEvent.kind()));
  }

  /** Drops routes unused for the idle period, then the least recently used beyond capacity. */
  void evictIdle() {
    long idleBefore = System.nanoTime() - settings.idleRouteEviction().toNanos();
    routes.forEach(
        (id, route) -> {
          synchronized (route) {
            if (route.ready && route.lastUsedNanos - idleBefore < 0) {
              routes.remove(id, route);
            }
          }
        });
    int excess = routes.size() - settings.latestStateCapacity();
    if (excess > 0) {
      routes.values().stream()
          .filter(route -> route.ready)
          .sorted(Comparator.comparingLong(route -> route.lastUsedNanos))
          .limit(excess)
          .forEach(route -> routes.remove(route.uploadId, route));
    }
  }

  int size() {
    return routes.size();
  }

  /**
   * Subscribers summed over the cached routes. Reads each route's immutable subscriber set without
   * its lock: a gauge may be a moment stale, and the fan-out is never held up by it.
   */
  long subscriberCount() {
    long count = 0;
    for (UploadRoute route : routes.values()) {
      count += route.subscribers.size();
    }
    return count;
  }
}
