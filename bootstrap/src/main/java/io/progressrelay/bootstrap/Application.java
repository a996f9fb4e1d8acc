package io.progressrelay.bootstrap;

import io.progressrelay.adapter.in.web.AdminUseCases;
import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.MetricsRoutes;
import io.progressrelay.adapter.in.web.PublishRoutes;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.in.web.socket.ClientSocketEndpoint;
import io.progressrelay.adapter.in.web.sse.EventStreamEndpoint;
import io.progressrelay.adapter.in.web.sse.EventStreamMeters;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.InterestTracking;
import io.progressrelay.application.service.fanout.LocalThenAnnouncedAudienceChanges;
import io.progressrelay.application.service.history.AdminHistoryService;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.application.service.history.HistoryStats;
import io.progressrelay.application.service.publish.EventPublishingService;
import io.progressrelay.bootstrap.backends.Backends;
import io.progressrelay.bootstrap.backends.EventBus;
import io.progressrelay.bootstrap.backends.EventSource;
import io.progressrelay.bootstrap.backends.PostgresRedisBackends;
import io.progressrelay.bootstrap.backends.RedisStreamEvents;
import io.progressrelay.bootstrap.backends.Storage;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.HistoryConfig;
import io.progressrelay.bootstrap.metrics.RelayMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the whole relay by hand from its configuration, starts it, and stops it in reverse order.
 * The end-to-end tests run this very class.
 */
public final class Application implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  // Twice the Redis timeout, as the announcer waits: a subscribe is answered at the latest then.
  private static final Duration INTEREST_CONFIRM_TIMEOUT = Duration.ofSeconds(4);

  private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
  private WebServer webServer;
  private FanOutEngine engine;
  private DeliveryHistoryRecorder recorder;
  private EventSource listener;

  private Application() {}

  /**
   * Creates and migrates the database, wires the use cases, starts listening to Redis and serves
   * HTTP and WebSocket.
   *
   * @throws RuntimeException if a dependency cannot be reached; whatever had started is stopped
   */
  public static Application start(AppConfig config) {
    return start(config, new PostgresRedisBackends());
  }

  /** As {@link #start(AppConfig)}, on the given storage and event bus (the demo's in memory). */
  public static Application start(AppConfig config, Backends backends) {
    var application = new Application();
    try {
      application.wire(config, Clock.systemUTC(), backends);
      return application;
    } catch (RuntimeException e) {
      application.close();
      throw e;
    }
  }

  private void wire(AppConfig config, Clock clock, Backends backends) {
    LOG.info("Starting with {}", config);
    warnAboutDevelopmentSecret(config);
    Storage storage = started(backends.openStorage(config));
    RelayMetrics metrics = started(RelayMetrics.start(storage));
    var uploads = storage.uploads();
    var grants = storage.grants();
    var subscriptions = storage.subscriptions();

    var history = storage.historyStore();
    recorder =
        started(
            new DeliveryHistoryRecorder(
                history,
                config.history().level(),
                clock,
                backends.instanceId(),
                config.history().bufferCapacity(),
                HistoryConfig.BATCH_SIZE,
                HistoryConfig.FLUSH_INTERVAL));
    started(
        new PeriodicTask(
            "history-retention",
            Duration.ofHours(1),
            Duration.ZERO,
            () -> maintainRetention(history, config.history(), clock)));
    // Stops after the engine, whose last write of latest state its final checkpoint covers.
    var checkpointing = started(new StreamCheckpointing());
    // Opened before the engine, which tells its interest port which channels to receive; its
    // event source starts once the engine is built, and stops before it.
    EventBus bus = started(backends.openEventBus(config, storage));
    engine =
        started(
            new FanOutEngine(
                config.fanOut(),
                config.continuity().settings(),
                storage.subscribers(),
                uploads,
                config.subscriptions(),
                clock,
                recorder,
                new InterestTracking(
                    bus.interest(), config.ingest().interestLinger(), INTEREST_CONFIRM_TIMEOUT)));
    var changes = new LocalThenAnnouncedAudienceChanges(engine::applyCommitted, bus.announcer());
    var services =
        RelayServices.create(
            uploads, grants, subscriptions, config.subscriptions(), clock, changes);
    started(
        new PeriodicTask(
            "subscription-purge",
            config.subscriptionPurgeInterval(),
            () -> {
              int purged = services.subscriptions().purgeExpired();
              if (purged > 0) {
                LOG.info("Purged {} expired subscription(s)", purged);
              }
            }));

    listener = started(bus.events());
    listener.start(engine, engine);
    if (listener instanceof RedisStreamEvents stream) {
      checkpointing.follow(stream, engine);
      awaitStreamBacklog(stream, config.ingest().catchUpTimeout());
    }

    List<ReadinessCheck> checks = new ArrayList<>(storage.readinessChecks());
    checks.addAll(bus.readinessChecks());
    Authenticator authenticator = new JwtAuthenticator(jwtKeys(config));
    var catchUps = new CatchUpPlanner(services.subscriptions(), config.continuity().catchUpLimit());
    var sockets =
        new ClientSocketEndpoint(
            config.webSocket(),
            config.v1Sockets(),
            authenticator,
            engine,
            services.subscriptions(),
            services.subscriptions(),
            catchUps,
            clock);
    var streams =
        new EventStreamEndpoint(config.webSocket(), authenticator, engine, catchUps, clock);
    var admin =
        new AdminHistoryService(
            storage.historyQueries(),
            engine::connections,
            subscriptions,
            config.subscriptions(),
            clock);
    var publishing =
        new EventPublishingService(
            bus.publisher(), bus.idempotencyKeys(), config.idempotencyWindow());
    metrics.bindRelay(engine, listener, sockets, recorder);
    new EventStreamMeters(streams).bindTo(metrics.registry());
    webServer =
        started(
            new WebServer(
                config.http(),
                ApiUseCases.of(
                    services.registration(),
                    services.uploads(),
                    services.grants(),
                    services.subscriptions()),
                AdminUseCases.of(admin),
                authenticator,
                checks,
                List.of(
                    sockets,
                    streams,
                    new PublishRoutes(publishing, config.http().maxBodyBytes()),
                    new MetricsRoutes(metrics::scrape, config.metricsToken()))));
    webServer.start();
  }

  // Latest state and history are brought up to date before clients can connect and ask for them.
  private static void awaitStreamBacklog(RedisStreamEvents stream, Duration timeout) {
    if (stream.awaitCaughtUp(timeout)) {
      LOG.info("Read the backlog of stream {}", stream.reader().streamKey());
    } else {
      LOG.warn(
          "The backlog of stream {} was not read within {} (RELAY_STREAM_CATCH_UP_TIMEOUT);"
              + " serving while it is read, /readyz stays not ready until then",
          stream.reader().streamKey(),
          timeout);
    }
  }

  // Days ahead are created before rows need them; whole expired days are dropped, never rows.
  private static void maintainRetention(
      DeliveryHistoryStore history, HistoryConfig settings, Clock clock) {
    Instant now = clock.instant();
    int dropped = history.maintainRetention(now, 2, now.minus(settings.retention()));
    if (dropped > 0) {
      LOG.info(
          "Dropped {} day(s) of delivery history older than {}", dropped, settings.retention());
    }
  }

  private <T extends AutoCloseable> T started(T component) {
    stopOrder.push(component);
    return component;
  }

  private static JwtKeys jwtKeys(AppConfig config) {
    if (config.jwt().publicKeyFile().isPresent()) {
      try {
        return JwtKeys.fromPublicKeyFile(config.jwt().publicKeyFile().get());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read RELAY_JWT_PUBLIC_KEY", e);
      }
    }
    return JwtKeys.hmac(config.jwt().secret().orElseThrow());
  }

  private static void warnAboutDevelopmentSecret(AppConfig config) {
    if (config.jwt().devSecret()) {
      LOG.warn(
          "\n*****************************************************************************\n"
              + "* RELAY_JWT_SECRET is not set: using the BUILT-IN DEVELOPMENT SECRET.        *\n"
              + "* It is public, so anyone can mint tokens for any user or role.              *\n"
              + "* Set RELAY_JWT_SECRET or RELAY_JWT_PUBLIC_KEY before exposing this relay.   *\n"
              + "* With RELAY_ENV=production the relay refuses to start without one.          *\n"
              + "*****************************************************************************");
    }
  }

  /** The HTTP port, which is the chosen one when the configuration asked for port 0. */
  public int httpPort() {
    return webServer.port();
  }

  /** The fan-out engine's counters and live connections, for tests and operations. */
  public FanOutEngine engine() {
    return engine;
  }

  /** The delivery-history recorder's counters (outcomes recorded, lost, written), for tests. */
  public HistoryStats historyStats() {
    return recorder.stats();
  }

  /** Where the events come from (the Redis listener, its stream reader, or the demo's source). */
  public EventSource events() {
    return listener;
  }

  /** True while the Redis listener is subscribed. */
  public boolean listening() {
    return listener != null && listener.isConnected();
  }

  /**
   * Stops in reverse order of start: sockets are closed with 1012 and HTTP stops accepting first,
   * then the Redis listener, the engine (writing the last latest events), the announcer and the
   * database pool.
   */
  @Override
  public synchronized void close() {
    while (!stopOrder.isEmpty()) {
      AutoCloseable component = stopOrder.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("Failed to stop {}", component.getClass().getSimpleName(), e);
      }
    }
  }
}
