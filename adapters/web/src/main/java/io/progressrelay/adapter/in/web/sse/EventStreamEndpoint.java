package io.progressrelay.adapter.in.web.sse;

import io.javalin.config.JavalinConfig;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.OpenConnections;
import io.progressrelay.adapter.in.web.WebComponent;
import io.progressrelay.adapter.in.web.auth.Authenticator;
import io.progressrelay.adapter.in.web.json.JsonMappers;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server-Sent Events endpoint at {@value #PATH}, for browsers whose network blocks WebSockets:
 * each stream is a fan-out connection like a {@code progress-relay.v3} socket, authenticated with
 * the same token, under the same per-user connection limit, queues, policies and slow-consumer
 * rule, resuming from {@code Last-Event-ID}. Streams take the socket settings that apply to them:
 * ping interval, origin allow-list, close grace. See {@code docs/sse.md}. Thread-safe; one timer
 * thread serves the pings and token expiries of all streams.
 */
public final class EventStreamEndpoint implements WebComponent {
  /** The stream's path, under the API prefix; the REST authentication filter never sees it. */
  public static final String PATH = "/api/events";

  private static final Logger LOG = LoggerFactory.getLogger(EventStreamEndpoint.class);

  private final WebSocketSettings settings;
  private final StreamServices services;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * @param settings the WebSocket endpoint's settings; streams use its ping interval, origin
   *     allow-list and close grace
   * @param catchUps which uploads a new stream catches up on
   */
  public EventStreamEndpoint(
      WebSocketSettings settings,
      Authenticator authenticator,
      ConnectClientUseCase connect,
      CatchUpPlanner catchUps,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.timer = new ScheduledThreadPoolExecutor(1, EventStreamEndpoint::timerThread);
    // Streams cancel their timers when they end; cancelled tasks must not pile up in the queue.
    timer.setRemoveOnCancelPolicy(true);
    this.services =
        new StreamServices(
            settings,
            Objects.requireNonNull(authenticator, "authenticator"),
            Objects.requireNonNull(connect, "connect"),
            Objects.requireNonNull(catchUps, "catchUps"),
            Objects.requireNonNull(clock, "clock"),
            timer,
            new OpenConnections<>(),
            new StreamCounters(),
            stopping::get);
  }

  @Override
  public void configure(JavalinConfig config) {
    var handler =
        new EventStreamHandler(new StreamOpener(services, new ErrorAnswers(JsonMappers.create())));
    // In front of Javalin, as the WebSocket upgrade handler is: every other request passes on.
    config.jetty.modifyServer(server -> server.insertHandler(handler));
  }

  /**
   * Refuses new streams with 503, ends every stream (EventSource reconnects, to this relay once it
   * is back or to another one), waits up to the close grace for writes in flight, aborts the rest,
   * then stops the timer thread. Called by the web server before Jetty stops; idempotent.
   */
  @Override
  public void beforeStop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    OpenConnections<EventStream> registry = services.registry();
    int open = registry.size();
    registry.snapshot().forEach(EventStream::end);
    try {
      if (!registry.awaitEmpty(settings.closeGrace())) {
        LOG.warn(
            "{} event stream(s) did not end within {}; aborting them",
            registry.size(),
            settings.closeGrace());
        var stop = new CancellationException("the relay is stopping");
        registry.snapshot().forEach(stream -> stream.abort(stop));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
    LOG.info("ended {} event stream(s) for the stop", open);
  }

  /** The counters so far; cheap, safe to call from any thread. */
  public EventStreamStats stats() {
    return services.counters().snapshot(services.registry().size());
  }

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "progress-stream-timer");
    thread.setDaemon(true);
    return thread;
  }
}
