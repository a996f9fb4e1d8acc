package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinException;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.json.JsonMappers;
import io.progressrelay.adapter.in.web.pages.StaticPages;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the REST API under {@code /api}, health endpoints, the browser pages, and any
 * further {@link WebComponent}s (the WebSocket endpoint). {@link #close()} stops gracefully. Start
 * and close from one thread; the running server is thread-safe.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final Javalin javalin;
  private final List<WebComponent> components;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  public WebServer(
      WebServerSettings settings,
      ApiUseCases useCases,
      Authenticator authenticator,
      List<ReadinessCheck> readinessChecks) {
    this(settings, useCases, authenticator, readinessChecks, List.of());
  }

  /** As above, plus {@code extraComponents} (e.g. the WebSocket endpoint) on the same port. */
  public WebServer(
      WebServerSettings settings,
      ApiUseCases useCases,
      Authenticator authenticator,
      List<ReadinessCheck> readinessChecks,
      List<WebComponent> extraComponents) {
    this(settings, useCases, Optional.empty(), authenticator, readinessChecks, extraComponents);
  }

  /** As above, plus the admin API under {@code /api/admin} (absent otherwise: 404). */
  public WebServer(
      WebServerSettings settings,
      ApiUseCases useCases,
      AdminUseCases adminUseCases,
      Authenticator authenticator,
      List<ReadinessCheck> readinessChecks,
      List<WebComponent> extraComponents) {
    this(
        settings,
        useCases,
        Optional.of(adminUseCases),
        authenticator,
        readinessChecks,
        extraComponents);
  }

  private WebServer(
      WebServerSettings settings,
      ApiUseCases useCases,
      Optional<AdminUseCases> adminUseCases,
      Authenticator authenticator,
      List<ReadinessCheck> readinessChecks,
      List<WebComponent> extraComponents) {
    ObjectMapper mapper = JsonMappers.create();
    var body = new JsonRequestBody(mapper, settings.maxBodyBytes());
    List<WebComponent> components = new ArrayList<>();
    components.add(new HealthRoutes(readinessChecks, BoundedReadiness.DEFAULT_DEADLINE));
    components.add(new StaticPages());
    components.add(new OpenApiRoutes());
    components.add(new AsyncApiRoutes());
    components.add(new AuthenticationFilter(authenticator));
    components.add(new UploadRoutes(useCases, body, mapper));
    components.add(new GrantRoutes(useCases, body));
    components.add(new SubscriptionRoutes(useCases));
    adminUseCases.ifPresent(admin -> components.add(new AdminRoutes(admin)));
    components.addAll(extraComponents);
    this.components = List.copyOf(components);
    this.javalin = Javalin.create(config -> configure(config, settings, mapper, components));
  }

  private static void configure(
      JavalinConfig config,
      WebServerSettings settings,
      ObjectMapper mapper,
      List<WebComponent> components) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.jetty.host = settings.host();
    config.jetty.port = settings.port();
    var threads = new QueuedThreadPool(settings.maxThreads(), Math.min(8, settings.maxThreads()));
    threads.setName("http");
    config.jetty.threadPool = threads;
    config.jetty.modifyServer(
        server -> {
          // Jetty 12 waits for requests in flight only if a Graceful handler tracks them.
          server.insertHandler(new GracefulHandler());
          server.insertHandler(new RequestIds());
          server.setStopTimeout(settings.stopTimeout().toMillis());
          server.setErrorHandler(new JettyErrorAnswers(mapper));
        });
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.http.prefer405over404 = true;
    config.jsonMapper(new JavalinJackson(mapper, false));
    config.requestLogger.http(RequestLogging::log);
    ErrorMapping.register(config.routes);
    components.forEach(component -> component.configure(config));
  }

  /**
   * The HTTP routes the router serves, each as {@code "METHOD /path/{param}"}, in the order they
   * were added; filters and the handlers in front of the router (the WebSocket upgrade, the event
   * stream) are not among them. The contract tests compare them with the OpenAPI document.
   */
  public List<String> routes() {
    return javalin.unsafe.internalRouter.allHttpHandlers().stream()
        .map(route -> route.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }

  /** Binds the port and starts serving; returns this server for chaining. */
  public WebServer start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the web server was already started");
    }
    javalin.start();
    LOG.info("HTTP server listening on port {}", javalin.port());
    return this;
  }

  /** The port the server listens on; the chosen one when the settings asked for port 0. */
  public int port() {
    return javalin.port();
  }

  /**
   * First lets every component end its long-lived connections (the WebSocket endpoint closes its
   * sockets with 1012), then stops accepting, lets requests in flight finish within the stop
   * timeout, and stops; requests still running after the timeout are abandoned, which is logged
   * rather than thrown.
   */
  @Override
  public void close() {
    if (!started.get() || !closed.compareAndSet(false, true)) {
      return;
    }
    components.forEach(WebServer::beforeStop);
    try {
      javalin.stop();
    } catch (JavalinException e) {
      // Jetty has stopped by now; it only reports that the graceful phase ran out of time.
      LOG.warn("HTTP server did not stop gracefully: {}", String.valueOf(e.getCause()));
    }
  }

  // One component failing to wind down must not keep Jetty from stopping.
  private static void beforeStop(WebComponent component) {
    try {
      component.beforeStop();
    } catch (RuntimeException e) {
      LOG.warn("a web component failed to prepare for the stop", e);
    }
  }
}
