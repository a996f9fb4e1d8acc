package io.progressrelay.bootstrap;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole relay, as {@code serve} builds it, on a free port with its own fresh database on the
 * real PostgreSQL server and the real Redis, plus HTTP and WebSocket clients and tokens signed with
 * its secret.
 */
final class RelayUnderTest implements AutoCloseable {
  static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";

  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final Application application;
  private final JwtIssuer issuer = new JwtIssuer(SECRET.getBytes(StandardCharsets.UTF_8));
  final ApiClient api;

  RelayUnderTest(String name, Map<String, String> extraEnvironment) {
    this(TestDatabases.newDatabase(name), true, extraEnvironment);
  }

  private RelayUnderTest(
      TestDatabase database, boolean ownsDatabase, Map<String, String> extraEnvironment) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_HTTP_PORT", "0");
    env.put("RELAY_HTTP_HOST", "127.0.0.1");
    env.put("RELAY_JWT_SECRET", SECRET);
    env.put("RELAY_DB_URL", database.settings().jdbcUrl());
    env.put("RELAY_DB_USER", database.settings().user());
    env.put("RELAY_DB_PASSWORD", database.settings().password());
    env.put("RELAY_REDIS_URL", TestRedis.settings().url().toString());
    env.putAll(extraEnvironment);
    application = Application.start(AppConfigLoader.load(env));
    api = new ApiClient(application.httpPort());
  }

  /** A second instance on the same database and Redis, as behind a load balancer. */
  RelayUnderTest secondInstance() {
    return new RelayUnderTest(database, false, Map.of());
  }

  Application application() {
    return application;
  }

  String tokenFor(String user, Role... roles) {
    return issuer.issue(new UserId(user), Set.of(roles), Duration.ofMinutes(10));
  }

  /**
   * A socket of {@code user} speaking the old relay's protocol, authenticated with the
   * first-message protocol.
   */
  TestSocket socketFor(String user) {
    return authenticated(TestSocket.open(webSocketUri(), Map.of()), user);
  }

  /** As {@link #socketFor}, speaking progress-relay.v2. */
  TestSocket v2SocketFor(String user) {
    return authenticated(
        TestSocket.open(webSocketUri(), Map.of(), List.of("progress-relay.v2")), user);
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
    return URI.create("ws://127.0.0.1:" + application.httpPort() + "/ws/uploads");
  }

  /**
   * Closes (or reopens) this relay's database to new connections and ends the open ones: a
   * PostgreSQL outage as the relay sees it, while the server itself stays up for other tests.
   */
  void allowDatabaseConnections(boolean allowed) throws SQLException {
    String name = database.name();
    try (Connection admin =
            DriverManager.getConnection(
                maintenanceJdbcUrl(), database.settings().user(), database.settings().password());
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER DATABASE \"" + name + "\" WITH ALLOW_CONNECTIONS " + allowed);
      if (!allowed) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + name
                + "' AND pid <> pg_backend_pid()");
      }
    }
  }

  /** The same server's {@code postgres} database, for administrative statements in tests. */
  private String maintenanceJdbcUrl() {
    String url = database.settings().jdbcUrl();
    return url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
  }

  @Override
  public void close() {
    application.close();
    if (ownsDatabase) {
      database.close();
    }
  }
}
