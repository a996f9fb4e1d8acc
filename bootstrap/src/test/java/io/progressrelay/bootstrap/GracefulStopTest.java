package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.postgres.TestDatabase;
import io.progressrelay.adapter.out.postgres.TestDatabases;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as a real process: it serves, and SIGTERM stops it cleanly through its shutdown hook.
 */
class GracefulStopTest {
  @TempDir Path temp;

  @Test
  void sigtermStopsTheRelayCleanly() throws Exception {
    try (TestDatabase database = TestDatabases.newDatabase("GracefulStopTest")) {
      int port = freePort();
      Path log = temp.resolve("relay.log");
      var builder =
          new ProcessBuilder(
                  javaExecutable(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "serve")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      var env = builder.environment();
      env.put("RELAY_HTTP_HOST", "127.0.0.1");
      env.put("RELAY_HTTP_PORT", String.valueOf(port));
      env.put("RELAY_JWT_SECRET", RelayUnderTest.SECRET);
      env.put("RELAY_DB_URL", database.settings().jdbcUrl());
      env.put("RELAY_DB_USER", database.settings().user());
      env.put("RELAY_DB_PASSWORD", database.settings().password());
      env.putAll(RedisEnvironment.of(TestRedis.settings().url(), TestChannels.unique()));
      Process relay = builder.start();
      try {
        var api = new ApiClient(port);
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> api.get("/readyz", null).status() == 200);

        relay.destroy(); // SIGTERM

        assertThat(relay.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Stopping: finishing in-flight requests");
        assertThat(output).doesNotContain(RelayUnderTest.SECRET);
        // 128 + SIGTERM(15): the JVM ran its shutdown hooks and exited on the signal.
        assertThat(relay.exitValue()).isEqualTo(143);
      } finally {
        relay.destroyForcibly();
      }
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
