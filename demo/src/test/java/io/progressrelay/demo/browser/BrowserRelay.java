package io.progressrelay.demo.browser;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.RedisChannelPublisher;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.service.fanout.FanOutStats;
import io.progressrelay.bootstrap.Application;
import io.progressrelay.bootstrap.RedisEnvironment;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.demo.simulator.RedisEventPublisher;
import io.progressrelay.demo.simulator.RelayApi;
import io.progressrelay.demo.simulator.RestRegistrar;
import io.progressrelay.demo.simulator.SimulationTokens;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole relay as {@code serve} builds it, on a fresh database of the test PostgreSQL and the
 * test Redis, that can be stopped and started again on the same port; plus the simulator's pieces
 * that play the upload workers against it.
 */
final class BrowserRelay implements AutoCloseable {
  private static final String SECRET = "browser-test-secret-of-at-least-32-bytes!";

  private final TestDatabase database;
  private final TestChannels channels = TestChannels.unique();
  private final Map<String, String> environment = new HashMap<>();
  private final JwtIssuer issuer = new JwtIssuer(SECRET.getBytes(StandardCharsets.UTF_8));
  private Application application;
  private int port;

  private final RedisSettings redis;

  private BrowserRelay(String name, RedisSettings redis) {
    this.redis = redis;
    database = TestDatabases.newDatabase(name);
    environment.put("RELAY_HTTP_HOST", "127.0.0.1");
    environment.put("RELAY_HTTP_PORT", "0");
    environment.put("RELAY_JWT_SECRET", SECRET);
    environment.put("RELAY_DB_URL", database.settings().jdbcUrl());
    environment.put("RELAY_DB_USER", database.settings().user());
    environment.put("RELAY_DB_PASSWORD", database.settings().password());
    environment.putAll(RedisEnvironment.of(redis.url(), channels));
  }

  static BrowserRelay start(String name) {
    return start(name, TestRedis.settings());
  }

  /** As {@link #start(String)}, on the Redis of {@code redis} (a test's own, to break it). */
  static BrowserRelay start(String name, RedisSettings redis) {
    var relay = new BrowserRelay(name, redis);
    try {
      relay.startAgain();
      return relay;
    } catch (RuntimeException e) {
      relay.close();
      throw e;
    }
  }

  /** Starts the relay (again), on the port it had before. */
  void startAgain() {
    application = Application.start(AppConfigLoader.load(environment));
    port = application.httpPort();
    environment.put("RELAY_HTTP_PORT", String.valueOf(port));
  }

  /** Stops the relay as a deploy would: sockets are closed with 1012, then HTTP stops. */
  void stop() {
    application.close();
  }

  /** The HTTP port, the same after {@link #startAgain()}. */
  int port() {
    return port;
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  String tokenFor(String user, Role... roles) {
    return tokenFor(user, Duration.ofMinutes(30), roles);
  }

  String tokenFor(String user, Duration ttl, Role... roles) {
    return issuer.issue(new UserId(user), Set.of(roles), ttl);
  }

  /** The ids of {@code user}'s live sockets on this relay. */
  List<String> connectionIdsOf(String user) {
    return application.engine().connections().stream()
        .filter(connection -> connection.userId().value().equals(user))
        .map(ConnectionSnapshot::connectionId)
        .toList();
  }

  /** How many events the relay has taken from Redis since it (re)started. */
  long eventsRelayed() {
    return application.engine().stats().eventsRelayed();
  }

  /** The fan-out engine's counters, to explain a test's miss. */
  FanOutStats stats() {
    return application.engine().stats();
  }

  URI webSocketUri() {
    return URI.create("ws://127.0.0.1:" + port + "/ws/uploads");
  }

  /** Registers uploads and has their owners follow them, as the simulator does. */
  RestRegistrar registrar() {
    return registrar(true);
  }

  /** Registers uploads, having their owners follow them only when {@code follow}. */
  RestRegistrar registrar(boolean follow) {
    return new RestRegistrar(
        new RelayApi(URI.create(url(""))), SimulationTokens.minted(issuer), follow);
  }

  /**
   * Publishes on the test Redis and this relay's channels, as the simulator (and the workers) do.
   */
  RedisEventPublisher publisher() {
    return new RedisEventPublisher(new RedisChannelPublisher(redis), channels.settings());
  }

  @Override
  public void close() {
    if (application != null) {
      application.close();
    }
    database.close();
  }
}
