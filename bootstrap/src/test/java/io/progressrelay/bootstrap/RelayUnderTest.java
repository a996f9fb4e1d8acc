package io.progressrelay.bootstrap;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.postgres.ThrowawayPostgres;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.bootstrap.backends.Backends;
import io.progressrelay.bootstrap.backends.PostgresRedisBackends;
import io.progressrelay.bootstrap.config.AppConfigLoader;
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
 * The whole relay, as {@code serve} builds it, on a free port with its own fresh database and its
 * own Redis channel prefixes (on the shared PostgreSQL and Redis servers, or on servers the test
 * started itself), plus HTTP and WebSocket clients and tokens signed with its secret.
 */
public final class RelayUnderTest implements AutoCloseable {
  public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";

  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final URI redis;
  private final TestChannels channels;
  private final Map<String, String> environment;
  private volatile Application application;
  private final int httpPort;
  private final JwtIssuer issuer = new JwtIssuer(SECRET.getBytes(StandardCharsets.UTF_8));
  public final ApiClient api;

  /** A relay on the shared servers, with a database and channels of its own. */
  public RelayUnderTest(String name, Map<String, String> extraEnvironment) {
    this(
        TestDatabases.newDatabase(name),
        true,
        TestRedis.settings().url(),
        TestChannels.unique(),
        extraEnvironment);
  }

  private RelayUnderTest(
      TestDatabase database,
      boolean ownsDatabase,
      URI redis,
      TestChannels channels,
      Map<String, String> extraEnvironment) {
    this(database, ownsDatabase, redis, channels, extraEnvironment, new PostgresRedisBackends());
  }

  private RelayUnderTest(
      TestDatabase database,
      boolean ownsDatabase,
      URI redis,
      TestChannels channels,
      Map<String, String> extraEnvironment,
      Backends backends) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.redis = redis;
    this.channels = channels;
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_HTTP_PORT", "0");
    env.put("RELAY_HTTP_HOST", "127.0.0.1");
    env.put("RELAY_JWT_SECRET", SECRET);
    env.put("RELAY_DB_URL", database.settings().jdbcUrl());
    env.put("RELAY_DB_USER", database.settings().user());
    env.put("RELAY_DB_PASSWORD", database.settings().password());
    env.putAll(RedisEnvironment.of(redis, channels));
    env.putAll(extraEnvironment);
    this.environment = Map.copyOf(env);
    try {
      application = Application.start(AppConfigLoader.load(env), backends);
    } catch (RuntimeException e) {
      if (ownsDatabase) {
        database.close();
      }
      throw e;
    }
    httpPort = application.httpPort();
    api = new ApiClient(httpPort);
  }

  /**
   * A relay on the shared servers, with a database and channels of its own, built on {@code
   * backends} (which may wrap the real ones, to watch what the relay asks of them).
   */
  static RelayUnderTest onBackends(
      String name, Backends backends, Map<String, String> extraEnvironment) {
    return new RelayUnderTest(
        TestDatabases.newDatabase(name),
        true,
        TestRedis.settings().url(),
        TestChannels.unique(),
        extraEnvironment,
        backends);
  }

  /** A relay whose Redis is {@code redis}, a server the test started and may stop. */
  static RelayUnderTest onRedis(String name, ThrowawayRedis redis, Map<String, String> env) {
    return new RelayUnderTest(
        TestDatabases.newDatabase(name), true, redis.url(), TestChannels.unique(), env);
  }

  /**
   * A relay that reaches Redis at {@code redis} (a server the test started, perhaps as a user the
   * test may restrict), with a database and channels of its own.
   */
  static RelayUnderTest onRedis(String name, URI redis, Map<String, String> env) {
    return new RelayUnderTest(
        TestDatabases.newDatabase(name), true, redis, TestChannels.unique(), env);
  }

  /**
   * As {@link #onRedis(String, URI, Map)}, on {@code channels} the test chose (for example to give
   * an ACL user exactly these channels).
   */
  static RelayUnderTest onRedis(
      String name, URI redis, TestChannels channels, Map<String, String> env) {
    return new RelayUnderTest(TestDatabases.newDatabase(name), true, redis, channels, env);
  }

  /** A relay whose database lives on {@code postgres}, a server the test started and may stop. */
  static RelayUnderTest onPostgres(
      String name, ThrowawayPostgres postgres, Map<String, String> env) {
    return new RelayUnderTest(
        postgres.newDatabase(name), true, TestRedis.settings().url(), TestChannels.unique(), env);
  }

  /** A second instance on the same database, Redis and channels, as behind a load balancer. */
  RelayUnderTest secondInstance() {
    return secondInstance(Map.of());
  }

  /** As {@link #secondInstance()}, with {@code extraEnvironment} (the first's is not copied). */
  RelayUnderTest secondInstance(Map<String, String> extraEnvironment) {
    return new RelayUnderTest(database, false, redis, channels, extraEnvironment);
  }

  public Application application() {
    return application;
  }

  /**
   * Stops the relay as a deploy does (every socket closed with 1012, then HTTP); {@link
   * #startAgain()} brings it back on the same port, database and channels.
   */
  void stop() {
    application.close();
  }

  /**
   * Starts the relay again after {@link #stop()} on the port it had, as a restarted process: the
   * real backends, with a new Redis node id.
   */
  void startAgain() {
    Map<String, String> env = new HashMap<>(environment);
    env.put("RELAY_HTTP_PORT", String.valueOf(httpPort));
    application = Application.start(AppConfigLoader.load(env), new PostgresRedisBackends());
  }

  /**
   * A second instance on the same database and channels that reaches the same Redis server at
   * {@code redis} (for example as another user).
   */
  RelayUnderTest secondInstanceOn(URI redis) {
    return new RelayUnderTest(database, false, redis, channels, Map.of());
  }

  /** The relay's database, for a test that must reach it directly (for example to lock a table). */
  TestDatabase database() {
    return database;
  }

  /** The channel names this relay listens on, unique to it (and its second instance). */
  TestChannels channels() {
    return channels;
  }

  /** A publisher on this relay's Redis and channels; the caller closes it. */
  RedisPublisher publisher() {
    return new RedisPublisher(redis, channels);
  }

  /** The variables that point the simulator at this relay's Redis and channels. */
  public Map<String, String> redisEnvironment() {
    return RedisEnvironment.of(redis, channels);
  }

  public String tokenFor(String user, Role... roles) {
    return issuer.issue(new UserId(user), Set.of(roles), Duration.ofMinutes(10));
  }

  /**
   * A socket of {@code user} speaking the old relay's protocol, authenticated with the
   * first-message protocol.
   */
  public TestSocket socketFor(String user) {
    return authenticated(TestSocket.open(webSocketUri(), Map.of()), user);
  }

  /** As {@link #socketFor}, speaking progress-relay.v2. */
  TestSocket v2SocketFor(String user) {
    return authenticated(
        TestSocket.open(webSocketUri(), Map.of(), List.of("progress-relay.v2")), user);
  }

  /**
   * As {@link #socketFor}, speaking progress-relay.v3 and resuming from {@code since} (null for
   * none); the frames after auth_success are its catch-up, ending with caught_up.
   */
  TestSocket v3SocketFor(String user, String since) {
    TestSocket socket = TestSocket.open(webSocketUri(), Map.of(), List.of("progress-relay.v3"));
    socket.send(
        "{\"type\":\"auth\",\"token\":\""
            + tokenFor(user)
            + "\""
            + (since == null ? "" : ",\"since\":\"" + since + "\"")
            + "}");
    String answer = socket.nextFrame();
    if (!answer.contains("auth_success")) {
      throw new AssertionError("authentication failed: " + answer);
    }
    return socket;
  }

  private TestSocket authenticated(TestSocket socket, String user) {
    socket.send("{\"type\":\"auth\",\"token\":\"" + tokenFor(user) + "\"}");
    String answer = socket.nextFrame();
    if (!answer.contains("auth_success")) {
      throw new AssertionError("authentication failed: " + answer);
    }
    return socket;
  }

  URI webSocketUri() {
    return URI.create("ws://127.0.0.1:" + httpPort + "/ws/uploads");
  }

  @Override
  public void close() {
    application.close();
    if (ownsDatabase) {
      database.close();
    }
  }
}
