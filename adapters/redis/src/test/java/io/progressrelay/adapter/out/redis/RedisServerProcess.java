package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One local {@code redis-server} process (a server, or a Sentinel) that a test started in a
 * directory of its own, for setups Testcontainers' plain Redis cannot play (TLS with the test's
 * certificates, Sentinel). Never the shared server of the machine.
 */
public final class RedisServerProcess {
  private final String name;
  private final Path log;
  private Process process;

  private RedisServerProcess(String name, Path log) {
    this.name = name;
    this.log = log;
  }

  /**
   * Starts {@code redis-server} with {@code arguments} (a config file first, for a Sentinel), its
   * log in {@code directory}/{@code name}.log; the caller waits until it answers.
   */
  public static RedisServerProcess start(Path directory, String name, List<String> arguments) {
    Path executable =
        LocalServerProcess.executable("redis-server")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "This test needs a local redis-server (Debian: apt-get install"
                            + " redis-server, which is built with TLS and runs Sentinel)."));
    var server = new RedisServerProcess(name, directory.resolve(name + ".log"));
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(arguments);
    command.addAll(List.of("--logfile", server.log.toString(), "--dir", directory.toString()));
    try {
      server.process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve(name + ".out").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    return server;
  }

  /** Ends the process at once (SIGKILL), as a crash would. */
  public synchronized void kill() {
    if (process != null) {
      LocalServerProcess.kill(process);
      process = null;
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The end of its log, to explain a failure. */
  public String logTail() {
    return name + ": " + LocalServerProcess.tail(log, 3000);
  }
}
