package io.progressrelay.bootstrap;

import static org.awaitility.Awaitility.await;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relay as a process of its own ({@code serve}, on this test's class path), on a free port, so
 * a test can kill it as a crash would: no shutdown hook, no last write of anything.
 */
final class RelayProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  final ApiClient api;

  private RelayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.api = new ApiClient(port);
  }

  /**
   * Starts {@code serve} with {@code environment}, logging to {@code log}, and waits until ready.
   */
  static RelayProcess start(Map<String, String> environment, Path log) {
    return start(environment, log, List.of());
  }

  /** As {@link #start(Map, Path)}, with {@code jvmOptions} before the main class. */
  static RelayProcess start(Map<String, String> environment, Path log, List<String> jvmOptions) {
    int port = LocalServerProcess.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("RELAY_HTTP_HOST", "127.0.0.1");
    builder.environment().put("RELAY_HTTP_PORT", String.valueOf(port));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the relay", e);
    }
    var relay = new RelayProcess(process, port);
    try {
      await("the relay on port " + port + " ready; its log: " + log)
          .atMost(START_TIMEOUT)
          .ignoreExceptions()
          .until(() -> !process.isAlive() || relay.api.get("/readyz", null).status() == 200);
      if (!process.isAlive()) {
        throw new IllegalStateException("the relay exited: " + LocalServerProcess.tail(log, 4000));
      }
    } catch (RuntimeException | Error e) {
      relay.close();
      throw e;
    }
    return relay;
  }

  int port() {
    return port;
  }

  /** Ends the relay at once (SIGKILL), as a crash or an OOM kill would. */
  void kill() throws InterruptedException {
    LocalServerProcess.kill(process);
    process.waitFor();
  }

  @Override
  public void close() {
    LocalServerProcess.kill(process);
  }
}
