package io.progressrelay.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One relay process ({@code java -jar progress-relay.jar serve}) of the chaos benchmark: started,
 * killed with SIGKILL (the JVM itself: it is the process started, no wrapper script), and, like a
 * process supervisor (systemd's {@code Restart=always}, a Kubernetes pod), started again two
 * seconds after it exits by itself. Its output is appended to one log across restarts.
 */
final class RelayInstance implements AutoCloseable {
  private static final long SUPERVISOR_DELAY_MILLIS = 2000;

  private final String name;
  private final int port;
  private final Path jar;
  private final Map<String, String> environment;
  private final Path log;
  private final List<Long> unexpectedExits = new ArrayList<>();
  private Process process;
  private boolean wanted;
  private final Thread supervisor;

  RelayInstance(String name, int port, Path jar, Map<String, String> environment, Path log) {
    this.name = name;
    this.port = port;
    this.jar = jar;
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.supervisor = new Thread(this::supervise, "supervisor-" + name);
    supervisor.setDaemon(true);
    supervisor.start();
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  /** Starts the process (unless it runs) and keeps it running until {@link #kill}. */
  synchronized void start() {
    wanted = true;
    if (process == null || !process.isAlive()) {
      launch();
    }
  }

  /** SIGKILL to the relay's JVM: no shutdown hook, no close frames, sockets reset by the kernel. */
  synchronized void kill() {
    wanted = false;
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the relay's process is alive (started and not yet exited). */
  synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** SIGTERM: the relay's graceful shutdown (sockets closed with 1012), waited for. */
  synchronized void stop() {
    wanted = false;
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** When the process ended by itself while it should have run (epoch millis), in order. */
  synchronized List<Long> unexpectedExits() {
    return List.copyOf(unexpectedExits);
  }

  private void launch() {
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            jar.toString(),
            "serve");
    var builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start relay " + name, e);
    }
  }

  private void supervise() {
    while (true) {
      try {
        Thread.sleep(100);
        synchronized (this) {
          if (wanted && process != null && !process.isAlive()) {
            unexpectedExits.add(System.currentTimeMillis());
            process = null;
          }
        }
        if (needsRestart()) {
          Thread.sleep(SUPERVISOR_DELAY_MILLIS);
          synchronized (this) {
            if (wanted && process == null) {
              launch();
            }
          }
        }
      } catch (InterruptedException stop) {
        return;
      }
    }
  }

  private synchronized boolean needsRestart() {
    return wanted && process == null;
  }

  @Override
  public void close() {
    supervisor.interrupt();
    stop();
  }
}
