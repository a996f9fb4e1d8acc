package io.progressrelay.metrics;

import static io.progressrelay.metrics.Meters.counter;
import static io.progressrelay.metrics.Meters.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutStats;
import io.progressrelay.application.service.fanout.RouteStats;
import io.progressrelay.domain.EventKind;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The fan-out engine's meters: events by kind, what became of their frames, the queues, the routing
 * cache and the authenticated connections. All read the engine's counters when scraped.
 */
public final class FanOutMeters implements MeterBinder {
  private static final Duration WALK_REUSE = Duration.ofSeconds(1);

  private final FanOutEngine engine;

  public FanOutMeters(FanOutEngine engine) {
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (EventKind kind : EventKind.values()) {
      stat(
          registry,
          "relay.events.received",
          "Events received from Redis and handed to the fan-out, by kind",
          stats -> stats.eventsRelayed(kind),
          "kind",
          kind.name().toLowerCase(Locale.ROOT));
    }
    stat(
        registry,
        "relay.events.without.audience",
        "Upload events with no subscriber connected to this instance",
        FanOutStats::eventsWithoutAudience);
    stat(
        registry,
        "relay.events.pending.dropped",
        "Events dropped while waiting for one upload's subscribers to load: too many waited, or"
            + " the upload was registered or deleted meanwhile",
        FanOutStats::pendingDropped);
    bindFrames(registry);
    stat(
        registry,
        "relay.socket.writes",
        "Batches of frames the delivery threads handed to sockets, each carrying every frame its"
            + " socket had waiting (up to a bound)",
        FanOutStats::socketWrites);
    stat(
        registry,
        "relay.socket.closes",
        "Sockets the relay closed, by reason",
        FanOutStats::slowConsumersClosed,
        "reason",
        "slow_consumer");
    stat(
        registry,
        "relay.audience.loads",
        "Subscriber lists loaded from storage",
        FanOutStats::audienceLoads);
    stat(
        registry,
        "relay.audience.load.failures",
        "Subscriber list loads that failed and were retried",
        FanOutStats::audienceLoadFailures);
    stat(
        registry,
        "relay.latest.event.write.failures",
        "Writes of uploads' latest events to storage that failed and were retried",
        FanOutStats::latestEventWriteFailures);
    gauge(
        registry,
        "relay.connections.authenticated",
        "Authenticated sockets registered with the fan-out",
        null,
        () -> engine.stats().connections());
    bindQueues(registry);
    bindRoutes(registry);
    bindContinuity(registry);
  }

  private void bindContinuity(MeterRegistry registry) {
    counter(
        registry,
        "relay.resume.catchups",
        "Catch-ups of resuming clients (progress-relay.v3, event streams) after authenticating",
        engine,
        e -> e.continuityStats().catchUps());
    counter(
        registry,
        "relay.resume.events.recovered",
        "Events sent again to resuming clients that had missed them",
        engine,
        e -> e.continuityStats().eventsRecovered());
    counter(
        registry,
        "relay.resume.gaps",
        "Channels for which a resuming client was told it may have missed events",
        engine,
        e -> e.continuityStats().gaps());
    gauge(
        registry,
        "relay.resume.window.bytes",
        "Payload bytes the channels' resume windows hold",
        "bytes",
        () -> engine.continuityStats().windowBytes());
    gauge(
        registry,
        "relay.user.channels",
        "User channels (batch and file progress) this instance keeps",
        null,
        () -> engine.continuityStats().userChannels());
  }

  private void bindFrames(MeterRegistry registry) {
    String name = "relay.frames";
    String description = "Event frames by outcome";
    stat(registry, name, description, FanOutStats::framesSent, "outcome", "sent");
    stat(registry, name, description, FanOutStats::framesCoalesced, "outcome", "coalesced");
    stat(registry, name, description, FanOutStats::framesRateLimited, "outcome", "rate_limited");
    stat(registry, name, description, FanOutStats::framesDropped, "outcome", "dropped");
  }

  private void bindQueues(MeterRegistry registry) {
    var queues = new RecentValue<>(() -> QueueTotals.of(engine.connections()), WALK_REUSE);
    gauge(
        registry,
        "relay.queue.frames",
        "Frames waiting in the outbound queues of all sockets",
        null,
        () -> queues.get().frames());
    gauge(
        registry,
        "relay.queue.bytes",
        "Bytes waiting in the outbound queues of all sockets",
        "bytes",
        () -> queues.get().bytes());
    gauge(
        registry,
        "relay.queue.frames.max",
        "Frames waiting in the deepest outbound queue",
        null,
        () -> queues.get().deepestFrames());
  }

  private void bindRoutes(MeterRegistry registry) {
    var routes = new RecentValue<RouteStats>(engine::routeStats, WALK_REUSE);
    gauge(
        registry,
        "relay.routes",
        "Uploads whose subscribers this instance has cached",
        null,
        () -> routes.get().routes());
    gauge(
        registry,
        "relay.route.subscribers",
        "Subscriptions (upload, user) routed by this instance",
        null,
        () -> routes.get().subscribers());
  }

  private void stat(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<FanOutStats> value,
      String... tags) {
    counter(registry, name, description, engine, e -> value.applyAsLong(e.stats()), tags);
  }
}
