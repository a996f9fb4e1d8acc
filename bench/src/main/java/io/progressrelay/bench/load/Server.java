package io.progressrelay.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A relay under test, started as its own process so its CPU and memory can be read apart from the
 * load generator's; stopped with SIGTERM (then SIGKILL) when the benchmark is done with it.
 */
public final class Server implements AutoCloseable {
  /** The wire protocol a server speaks to browsers. */
  public enum Protocol {
    /** The vuemantics protocol over a plain WebSocket at {@code /ws/uploads}. */
    WEBSOCKET,
    /** socket.io's framing. */
    SOCKET_IO,
    /**
     * Progress Relay's Server-Sent Events stream at {@code /api/events}, subscriptions over its
     * REST API.
     */
    SSE
  }

  private final ServerSpec spec;
  private final Process process;
  // A suite stopped with SIGTERM or Ctrl-C must not leave its servers holding their ports.
  private final Thread stopOnExit;

  private Server(ServerSpec spec, Process process) {
    this.spec = spec;
    this.process = process;
    this.stopOnExit = new Thread(process::destroy, "stop-" + spec.name());
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts {@code spec} and waits until it accepts connections on its port; fails when something
   * else already listens there, which would otherwise be measured in its place.
   */
  public static Server start(ServerSpec spec, Path logDirectory) throws IOException {
    if (listening(spec.port())) {
      throw new IOException(
          "port "
              + spec.port()
              + " is already in use: another suite or server runs (see"
              + " --port-offset)");
    }
    var builder = new ProcessBuilder(spec.command()).directory(spec.directory().toFile());
    builder.environment().putAll(spec.environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(logDirectory.resolve(spec.name() + ".log").toFile());
    var server = new Server(spec, builder.start());
    server.awaitPort(Duration.ofSeconds(60));
    return server;
  }

  private static boolean listening(int port) {
    try (var probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException nothing) {
      return false;
    }
  }

  private void awaitPort(Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            spec.name() + " exited with " + process.exitValue() + "; see its log");
      }
      try (var probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", spec.port()), 200);
        return;
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    throw new IOException(spec.name() + " did not open port " + spec.port() + " in " + limit);
  }

  /** What was started. */
  public ServerSpec spec() {
    return spec;
  }

  /** The process id, for /proc readings. */
  public long pid() {
    return process.pid();
  }

  /** The address browsers connect to. */
  public URI socketUri() {
    return switch (spec.protocol()) {
      case SOCKET_IO -> URI.create("http://127.0.0.1:" + spec.port());
      case SSE -> URI.create("http://127.0.0.1:" + spec.port() + "/api/events");
      case WEBSOCKET -> URI.create("ws://127.0.0.1:" + spec.port() + "/ws/uploads");
    };
  }

  /** Resident memory now, in KiB. */
  public long rssKib() {
    return ProcStats.rssKib(pid());
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is already running or about to.
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How to start one server. */
  public record ServerSpec(
      String name,
      Protocol protocol,
      int port,
      Path directory,
      List<String> command,
      Map<String, String> environment,
      boolean checksOwnership) {}
}
