package io.progressrelay.adapter.in.web.socket;

import static org.eclipse.jetty.websocket.core.server.WebSocketServerComponents.ensureWebSocketComponents;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.OpenConnections;
import io.progressrelay.adapter.in.web.WebComponent;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.UnsubscribeFromUploadUseCase;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browsers' WebSocket endpoint at {@value #PATH} and {@value #API_PATH}, on the same server as
 * the REST API: authenticates each socket, hands it to the fan-out engine, and lets it subscribe
 * and unsubscribe. Sockets speak the old relay's protocol unless they negotiate {@code
 * progress-relay.v2} at the upgrade; {@code v1Options} adjust how the old protocol is treated. See
 * {@code docs/protocol.md} for the protocol. Thread-safe; one shared timer thread serves the auth
 * timeouts, pings, idle checks and token expiries of all sockets.
 */
public final class ClientSocketEndpoint implements WebComponent {
  /** The path the Python relay served. */
  public static final String PATH = "/ws/uploads";

  /** The same endpoint under the API prefix; the REST authentication filter leaves it alone. */
  public static final String API_PATH = "/api/ws/uploads";

  /**
   * Jetty's output buffer per socket write, in bytes. Jetty copies a frame under a quarter of it
   * into one buffer with the frames before it, so the frames a socket had waiting leave in one
   * system call for each {@value} bytes; the buffer comes from Jetty's pool for the write and goes
   * back when the write completes, so an idle socket holds none. At Jetty's default (4 KiB) only
   * frames under 1 KiB were gathered, and every larger frame cost a system call of its own.
   */
  static final int OUTPUT_BUFFER_BYTES = 32 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ClientSocketEndpoint.class);

  private final WebSocketSettings settings;
  private final SocketServices services;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public ClientSocketEndpoint(
      WebSocketSettings settings,
      V1SocketOptions v1Options,
      Authenticator authenticator,
      ConnectClientUseCase connect,
      SubscribeToUploadUseCase subscribe,
      UnsubscribeFromUploadUseCase unsubscribe,
      Clock clock) {
    this(
        settings,
        v1Options,
        authenticator,
        connect,
        subscribe,
        unsubscribe,
        CatchUpPlanner.none(),
        clock);
  }

  /**
   * An endpoint whose {@code progress-relay.v3} sockets catch up, after authenticating, on the
   * uploads {@code catchUps} plans.
   */
  public ClientSocketEndpoint(
      WebSocketSettings settings,
      V1SocketOptions v1Options,
      Authenticator authenticator,
      ConnectClientUseCase connect,
      SubscribeToUploadUseCase subscribe,
      UnsubscribeFromUploadUseCase unsubscribe,
      CatchUpPlanner catchUps,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timer = new ScheduledThreadPoolExecutor(1, ClientSocketEndpoint::timerThread);
    // Sockets cancel their timers when they close; cancelled tasks must not pile up in the queue.
    timer.setRemoveOnCancelPolicy(true);
    this.services =
        new SocketServices(
            settings,
            Objects.requireNonNull(v1Options, "v1Options"),
            Objects.requireNonNull(authenticator, "authenticator"),
            Objects.requireNonNull(connect, "connect"),
            new SocketRequests(
                Objects.requireNonNull(subscribe, "subscribe"),
                Objects.requireNonNull(unsubscribe, "unsubscribe")),
            Objects.requireNonNull(catchUps, "catchUps"),
            Objects.requireNonNull(clock, "clock"),
            timer,
            new OpenConnections<>(),
            new SocketCounters(),
            stopping::get);
  }

  @Override
  public void configure(JavalinConfig config) {
    if (settings.allowedOrigins().isEmpty()) {
      LOG.warn(
          "WebSocket origin allow-list is empty: pages from any origin may open sockets to {}",
          PATH);
    }
    var upgrade = new SocketUpgrade(services);
    // Jetty's core upgrade handler sits in front of Javalin's servlet context and hands each socket
    // to a core frame handler: no servlet request, no copy of the upgrade request's headers and no
    // reflective listener outlives the handshake.
    config.jetty.modifyServer(
        server -> {
          WebSocketComponents components = ensureWebSocketComponents(server);
          components
              .getExtensionRegistry()
              .register(CloseHandshakeExtension.NAME, CloseHandshakeExtension.class);
          var handler = new WebSocketUpgradeHandler(components);
          handler.setHandler((Handler) null); // its default child answers 404; Javalin follows
          configure(handler.getConfiguration());
          handler.addMapping(PATH, upgrade);
          handler.addMapping(API_PATH, upgrade);
          server.insertHandler(handler);
        });
    // A request that is not an upgrade passes through to Javalin, which asks for one.
    config.routes.get(PATH, ClientSocketEndpoint::upgradeRequired);
    config.routes.get(API_PATH, ClientSocketEndpoint::upgradeRequired);
  }

  private void configure(Configuration configuration) {
    int max = settings.maxTextFrameBytes();
    configuration.setMaxTextMessageSize(max);
    configuration.setMaxBinaryMessageSize(max);
    configuration.setMaxFrameSize(max);
    configuration.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
    // Jetty's own idle timeout counts our pings as activity; it only backs up the idle check.
    configuration.setIdleTimeout(settings.idleTimeout().multipliedBy(2));
  }

  private static void upgradeRequired(Context ctx) {
    ctx.status(426)
        .header("Upgrade", "websocket")
        .contentType("application/json")
        .result(
            "{\"error\":{\"code\":\"upgrade_required\","
                + "\"message\":\"this path speaks WebSocket only\"}}");
  }

  /**
   * Refuses new upgrades, closes every socket with 1012 ("service restart"), waits up to {@code
   * closeGrace} for their close handshakes, then stops the timer thread. Called by the web server
   * before Jetty stops; idempotent.
   */
  @Override
  public void beforeStop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    OpenConnections<ClientSocketHandler> registry = services.registry();
    int open = registry.size();
    registry.snapshot().forEach(ClientSocketHandler::closeForRestart);
    try {
      if (!registry.awaitEmpty(settings.closeGrace())) {
        LOG.warn(
            "{} WebSocket(s) did not finish closing within {}",
            registry.size(),
            settings.closeGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
    LOG.info("closed {} WebSocket(s) with 1012 for the stop", open);
  }

  /** The counters so far; cheap, safe to call from any thread. */
  public SocketStats stats() {
    return services.counters().snapshot(services.registry().size());
  }

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "progress-socket-timer");
    thread.setDaemon(true);
    return thread;
  }
}
