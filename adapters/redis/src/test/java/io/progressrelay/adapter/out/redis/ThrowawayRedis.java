package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A Redis server of one test's own, on a free loopback port, that the test may stop and start again
 * to play an outage: the local {@code redis-server} when installed, else a Testcontainers Redis
 * when Docker is available, else a loud failure. Never the shared server of the machine.
 */
public final class ThrowawayRedis implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  // Jedis has no constant for it.
  private static final ProtocolCommand DEBUG = () -> SafeEncoder.encode("DEBUG");

  private final int port = LocalServerProcess.freePort();
  private final Path directory;
  private final Optional<Path> executable;
  private final boolean persistent;
  private Process process;
  private GenericContainer<?> container;

  private ThrowawayRedis(Optional<Path> executable, boolean persistent) {
    this.executable = executable;
    this.persistent = persistent;
    try {
      this.directory = Files.createTempDirectory("relay-test-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a fresh, empty server that keeps nothing across a {@link #restart()}. */
  public static ThrowawayRedis start() {
    return start(false);
  }

  /**
   * Starts a fresh, empty server that writes every command to its append-only file before it
   * answers, so what it acknowledged survives {@link #stop()} (a kill) and {@link #restart()}.
   */
  public static ThrowawayRedis startPersistent() {
    return start(true);
  }

  private static ThrowawayRedis start(boolean persistent) {
    Optional<Path> local = LocalServerProcess.executable("redis-server");
    if (local.isEmpty() && !DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "A test needs a Redis server of its own: install redis-server (Debian: apt-get install"
              + " redis-server) or make Docker available for Testcontainers.");
    }
    var redis = new ThrowawayRedis(local, persistent);
    redis.restart();
    return redis;
  }

  /** Settings for this server, with a short timeout so outages show quickly. */
  public RedisSettings settings() {
    return new RedisSettings(url(), Duration.ofSeconds(2));
  }

  public URI url() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /**
   * A URL that connects as {@code user}, created (with {@code password}) and allowed everything;
   * {@link #setUserRules} may then restrict it.
   */
  public URI urlAsNewUser(String user, String password) {
    setUserRules(user, "on", ">" + password, "~*", "&*", "+@all");
    return URI.create("redis://" + user + ":" + password + "@127.0.0.1:" + port);
  }

  /** Applies ACL {@code rules} to {@code user}, for example {@code "-publish"}. */
  public void setUserRules(String user, String... rules) {
    try (var jedis = settings().connect("test-admin")) {
      jedis.aclSetUser(user, rules);
    }
  }

  /**
   * What this server's {@code ACL LOG} holds for {@code user}: every command, key, channel or
   * password it refused that user since it started, one line each.
   */
  public List<String> aclDenials(String user) {
    try (var jedis = settings().connect("test-admin")) {
      return AclDenials.of(jedis, user);
    }
  }

  /** Holds every client's commands for {@code pause}, as a stalled server would. */
  public void pauseClients(Duration pause) {
    try (var jedis = settings().connect("test-admin")) {
      jedis.clientPause(pause.toMillis());
    }
  }

  /**
   * Freezes the whole server for {@code pause} ({@code DEBUG SLEEP}): it neither answers nor
   * accepts anything meanwhile, as a server stalled by a slow disk or a swapped-out process would;
   * returns when it wakes.
   */
  public void freeze(Duration pause) {
    var patient = new RedisSettings(url(), pause.plusSeconds(10));
    try (var jedis = patient.connect("test-admin")) {
      jedis.sendCommand(DEBUG, "SLEEP", String.format(Locale.ROOT, "%.3f", pause.toMillis() / 1e3));
    }
  }

  /** Ends the server at once, dropping every connection: clients see an outage. */
  public synchronized void stop() {
    if (process != null) {
      LocalServerProcess.kill(process);
      process = null;
    }
    if (container != null) {
      container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
    }
  }

  /**
   * Starts the server again on the same port (empty unless {@link #startPersistent persistent}) and
   * waits until it answers.
   */
  public synchronized void restart() {
    if (executable.isPresent()) {
      startProcess(executable.get());
    } else {
      startContainer();
    }
    Awaitility.await("Redis on port " + port)
        .atMost(START_TIMEOUT)
        .ignoreExceptions()
        .until(() -> new RedisReadinessCheck(settings()).check().ready());
  }

  private void startProcess(Path redisServer) {
    Path log = directory.resolve("redis.log");
    var command =
        List.of(
            redisServer.toString(),
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            persistent ? "yes" : "no",
            "--appendfsync",
            "always",
            "--dir",
            directory.toString(),
            "--logfile",
            log.toString(),
            // DEBUG SLEEP (freeze) is refused by default since Redis 7.
            "--enable-debug-command",
            "local");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("redis.out").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + redisServer, e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited: " + LocalServerProcess.tail(log, 2000));
    }
  }

  @SuppressWarnings("resource") // closed by close()
  private void startContainer() {
    if (container == null) {
      container =
          new GenericContainer<>("redis:7-alpine")
              .withExposedPorts(6379)
              // Connections through Docker's port mapping are not local to the server.
              .withCommand(
                  "redis-server",
                  "--enable-debug-command",
                  "yes",
                  "--appendonly",
                  persistent ? "yes" : "no",
                  "--appendfsync",
                  "always");
      // A fixed host port, so the restarted server is where the relay under test reconnects.
      container.setPortBindings(List.of(port + ":6379"));
      container.start();
    } else {
      container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
    }
  }

  /** Stops the server and deletes its files. */
  @Override
  public synchronized void close() {
    stop();
    if (container != null) {
      container.stop();
      container = null;
    }
    LocalServerProcess.deleteRecursively(directory);
  }
}
