package io.progressrelay.adapter.out.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Fresh databases for tests, on the server at {@code RELAY_TEST_DB_URL} (default the local one)
 * when it answers, otherwise on a Testcontainers PostgreSQL when Docker is available, otherwise a
 * loud failure: tests never skip silently.
 */
public final class TestDatabases {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final String CONTAINER_IMAGE = "postgres:15-alpine";
  private static final int MAX_PURPOSE_LENGTH = 30;
  private static TestServer server;

  private TestDatabases() {}

  /** Creates an empty database named after {@code purpose} plus a random suffix. */
  public static TestDatabase newDatabase(String purpose) {
    return newDatabase(server(), purpose);
  }

  /** Creates an empty database named after {@code purpose} on {@code server}. */
  static TestDatabase newDatabase(TestServer server, String purpose) {
    TestDatabase database = new TestDatabase(server, uniqueName(purpose));
    database.create();
    return database;
  }

  /** A unique database name on the server that does not exist yet; closing drops it if created. */
  public static TestDatabase unusedDatabase(String purpose) {
    return new TestDatabase(server(), uniqueName(purpose));
  }

  private static String uniqueName(String purpose) {
    String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (cleaned.length() > MAX_PURPOSE_LENGTH) {
      cleaned = cleaned.substring(0, MAX_PURPOSE_LENGTH);
    }
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    return "relay_test_" + cleaned + "_" + suffix;
  }

  /** The server, resolved once per JVM; a container, if needed, lives until the JVM exits. */
  static synchronized TestServer server() {
    if (server == null) {
      server = resolve();
    }
    return server;
  }

  private static TestServer resolve() {
    String url = System.getenv().getOrDefault("RELAY_TEST_DB_URL", DEFAULT_URL);
    var configured =
        new TestServer(
            url,
            System.getenv().getOrDefault("RELAY_TEST_DB_USER", "postgres"),
            System.getenv().getOrDefault("RELAY_TEST_DB_PASSWORD", ""));
    String problem = probe(configured);
    if (problem == null) {
      return configured;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      var container = new PostgreSQLContainer(CONTAINER_IMAGE);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new TestServer(
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    throw new IllegalStateException(
        "No PostgreSQL for the tests: the server at "
            + JdbcUrls.describe(url)
            + " did not answer ("
            + problem
            + ") and Docker is not available for Testcontainers. Start PostgreSQL there, or point"
            + " RELAY_TEST_DB_URL, RELAY_TEST_DB_USER and RELAY_TEST_DB_PASSWORD at a server whose"
            + " user may create databases, or start Docker.");
  }

  /** Waits up to a minute for {@code server} to answer, as after a restart. */
  static void awaitAnswer(TestServer server) {
    Awaitility.await("PostgreSQL at " + JdbcUrls.describe(server.url()))
        .atMost(Duration.ofMinutes(1))
        .until(() -> probe(server) == null);
  }

  /** Null when the server answers {@code SELECT 1}, otherwise why it did not. */
  private static String probe(TestServer candidate) {
    try (Connection connection = candidate.connect(PROBE_TIMEOUT);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
      statement.execute("SELECT 1");
      return null;
    } catch (SQLException | RuntimeException e) {
      return Failures.describe(e);
    }
  }
}
