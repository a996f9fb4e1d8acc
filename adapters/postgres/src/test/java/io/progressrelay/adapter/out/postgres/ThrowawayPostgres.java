package io.progressrelay.adapter.out.postgres;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL cluster of one test's own, on a free loopback port, that the test may stop and start
 * again to play an outage: a fresh {@code initdb} cluster run with {@code pg_ctl} when those are
 * installed (as the {@code postgres} user when the tests run as root, which {@code initdb}
 * refuses), else a Testcontainers PostgreSQL when Docker is available, else a loud failure. Never
 * the shared server of the machine.
 */
public final class ThrowawayPostgres implements AutoCloseable {
  private static final String SUPERUSER = "postgres";
  private static final Path[] DEBIAN_BINARIES =
      LocalServerProcess.versionedDirectories(Path.of("/usr/lib/postgresql"), "bin");

  private final int port = LocalServerProcess.freePort();
  private final Path directory;
  private final Optional<Path> binaries;
  private PostgreSQLContainer container;

  private ThrowawayPostgres(Optional<Path> binaries) {
    this.binaries = binaries;
    try {
      this.directory = Files.createTempDirectory("relay-test-postgres-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates and starts an empty cluster. */
  public static ThrowawayPostgres start() {
    Optional<Path> binaries =
        LocalServerProcess.executable("pg_ctl", DEBIAN_BINARIES)
            .map(Path::getParent)
            .filter(bin -> Files.isExecutable(bin.resolve("initdb")));
    if (binaries.isEmpty() && !DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "A test needs a PostgreSQL cluster of its own: install PostgreSQL's server binaries"
              + " (initdb, pg_ctl; Debian: apt-get install postgresql) or make Docker available"
              + " for Testcontainers.");
    }
    var postgres = new ThrowawayPostgres(binaries);
    try {
      postgres.create();
      postgres.restart();
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return postgres;
  }

  /** A new, empty, uniquely named database on this cluster; closing it drops it. */
  public TestDatabase newDatabase(String purpose) {
    return TestDatabases.newDatabase(server(), purpose);
  }

  /** Stops the server at once (immediate mode, connections dropped): clients see an outage. */
  public synchronized void stop() {
    if (binaries.isPresent()) {
      Path pgCtl = binaries.get().resolve("pg_ctl");
      run(List.of(pgCtl.toString(), "-D", dataDirectory(), "-m", "immediate", "-w", "stop"));
    } else if (container != null) {
      container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
    }
  }

  /** Starts the server again on the same port with the same data, and waits until it accepts. */
  public synchronized void restart() {
    if (binaries.isPresent()) {
      Path pgCtl = binaries.get().resolve("pg_ctl");
      String options =
          "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory + " -c fsync=off";
      run(
          List.of(
              pgCtl.toString(),
              "-D",
              dataDirectory(),
              "-l",
              directory.resolve("server.log").toString(),
              "-o",
              options,
              "-w",
              "-t",
              "60",
              "start"));
    } else {
      startContainer();
    }
  }

  private TestServer server() {
    return new TestServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
  }

  private void create() {
    if (binaries.isEmpty()) {
      return;
    }
    handToServerUser(directory);
    Path initdb = binaries.get().resolve("initdb");
    run(
        List.of(
            initdb.toString(),
            "-D",
            dataDirectory(),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
  }

  private String dataDirectory() {
    return directory.resolve("data").toString();
  }

  @SuppressWarnings("resource") // closed by close()
  private void startContainer() {
    if (container == null) {
      container =
          new PostgreSQLContainer("postgres:15-alpine").withUsername(SUPERUSER).withPassword("");
      container.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
      // A fixed host port, so the restarted server is where the relay under test reconnects.
      container.setPortBindings(List.of(port + ":5432"));
      container.start();
    } else {
      container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
      TestDatabases.awaitAnswer(server());
    }
  }

  /** Runs a PostgreSQL command, as the {@code postgres} user when the tests run as root. */
  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (runningAsRoot()) {
      full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    full.addAll(command);
    Path output = directory.resolve("command.out");
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        LocalServerProcess.kill(process);
        throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", full)
                + " failed ("
                + process.exitValue()
                + "): "
                + LocalServerProcess.tail(output, 2000)
                + LocalServerProcess.tail(directory.resolve("server.log"), 2000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + full, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + full, e);
    }
  }

  // initdb refuses to run as root; the cluster's files then belong to the postgres user.
  private static void handToServerUser(Path path) {
    if (!runningAsRoot()) {
      return;
    }
    try {
      UserPrincipal owner =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
      Files.setOwner(path, owner);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the tests run as root, so PostgreSQL's cluster must belong to the user '"
              + SUPERUSER
              + "', which cannot be used: "
              + e.getMessage(),
          e);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Stops the server and deletes the cluster. */
  @Override
  public synchronized void close() {
    try {
      if (binaries.isPresent() && Files.exists(directory.resolve("data/postmaster.pid"))) {
        stop();
      }
    } finally {
      if (container != null) {
        container.stop();
        container = null;
      }
      LocalServerProcess.deleteRecursively(directory);
    }
  }
}
