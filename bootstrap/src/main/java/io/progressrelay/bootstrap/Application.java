package io.progressrelay.bootstrap;

import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.out.postgres.PostgresDatabase;
import io.progressrelay.adapter.out.postgres.PostgresGrantRepository;
import io.progressrelay.adapter.out.postgres.PostgresSettings;
import io.progressrelay.adapter.out.postgres.PostgresSubscriptionRepository;
import io.progressrelay.adapter.out.postgres.PostgresUploadRepository;
import io.progressrelay.adapter.out.redis.RedisReadinessCheck;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.domain.SubscriptionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the whole relay by hand from its configuration, starts it, and stops it in reverse order.
 * The end-to-end tests run this very class.
 */
public final class Application implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

  private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
  private WebServer webServer;

  private Application() {}

  /**
   * Creates and migrates the database, wires the use cases and starts serving HTTP.
   *
   * @throws RuntimeException if a dependency cannot be reached; whatever had started is stopped
   */
  public static Application start(AppConfig config) {
    var application = new Application();
    try {
      application.wire(config, Clock.systemUTC());
      return application;
    } catch (RuntimeException e) {
      application.close();
      throw e;
    }
  }

  /** The PostgreSQL settings the configuration names; {@code migrate} uses them too. */
  public static PostgresSettings postgresSettings(AppConfig config) {
    return new PostgresSettings(
        config.dbUrl(),
        config.dbUser(),
        config.dbPassword(),
        config.dbPoolSize(),
        config.dbConnectTimeout());
  }

  private void wire(AppConfig config, Clock clock) {
    LOG.info("Starting with {}", config);
    warnAboutDevelopmentSecret(config);
    PostgresDatabase database = PostgresDatabase.open(postgresSettings(config));
    stopOrder.push(database);
    database.migrate();
    Jdbi jdbi = database.jdbi();
    var uploads = new PostgresUploadRepository(jdbi);
    var grants = new PostgresGrantRepository(jdbi);
    var subscriptions = new PostgresSubscriptionRepository(jdbi);
    var policy = new SubscriptionPolicy(config.subscriptionTtl(), config.maxSubscriptionsPerUser());

    var services =
        RelayServices.create(
            uploads, grants, subscriptions, policy, clock, AudienceChangeSink.NONE);

    stopOrder.push(
        new PeriodicTask(
            "subscription-purge",
            config.subscriptionPurgeInterval(),
            () -> {
              int purged = services.subscriptions().purgeExpired();
              if (purged > 0) {
                LOG.info("Purged {} expired subscription(s)", purged);
              }
            }));

    List<ReadinessCheck> checks = new ArrayList<>(database.readinessChecks());
    checks.add(new RedisReadinessCheck(new RedisSettings(config.redisUrl(), REDIS_TIMEOUT)));
    var settings =
        new WebServerSettings(
            config.httpHost(), config.httpPort(), config.maxBodyBytes(), config.shutdownTimeout());
    webServer =
        new WebServer(
            settings, ApiUseCases.of(services), new JwtAuthenticator(jwtKeys(config)), checks);
    stopOrder.push(webServer);
    webServer.start();
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

  /** Stops serving first (finishing requests in flight), then background tasks, then the pool. */
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
