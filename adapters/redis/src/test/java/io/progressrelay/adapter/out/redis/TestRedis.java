package io.progressrelay.adapter.out.redis;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server tests run against: {@code RELAY_TEST_REDIS_URL} (default the local server) when
 * it answers, otherwise a Testcontainers Redis when Docker is available, otherwise a loud failure.
 */
public final class TestRedis {
  private static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  private static RedisSettings resolved;

  private TestRedis() {}

  /** Settings for a Redis server that answers; started once per JVM when it must be a container. */
  public static synchronized RedisSettings settings() {
    if (resolved == null) {
      resolved = resolve();
    }
    return resolved;
  }

  private static RedisSettings resolve() {
    String url = System.getenv().getOrDefault("RELAY_TEST_REDIS_URL", DEFAULT_URL);
    var configured = new RedisSettings(URI.create(url), Duration.ofSeconds(2));
    if (new RedisReadinessCheck(configured).check().ready()) {
      return configured;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      var container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      URI uri = URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
      return new RedisSettings(uri, Duration.ofSeconds(2));
    }
    throw new IllegalStateException(
        "No Redis for the tests: nothing answers at "
            + url
            + " (set RELAY_TEST_REDIS_URL or start redis-server) and Docker is not available for"
            + " Testcontainers.");
  }
}
