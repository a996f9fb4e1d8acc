package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.adapter.in.web.LogContext;
import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.out.web.sse.SseClientSocket;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One open event stream: a fan-out connection of format SSE whose socket is the response body. It
 * keeps the stream alive with a {@code ping} every ping interval, so that proxies do not take it
 * for idle, and ends it at its token's expiry; the engine ends it for a slow consumer and the
 * endpoint at a stop. However it ends, the engine forgets it and its timers stop. Thread-safe: the
 * request thread opens it, the timer thread pings and expires it, Jetty and the engine may end it.
 */
final class EventStream {
  static final String PING = "{\"action\":\"ping\"}";

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  private final StreamServices services;
  private final String connectionId = UUID.randomUUID().toString();
  private final AuthenticatedCaller authenticated;
  private final SseClientSocket socket;
  private final AtomicBoolean expired = new AtomicBoolean();
  private ClientConnection connection; // guarded by this, like the timers and the flag
  private ScheduledFuture<?> pings;
  private ScheduledFuture<?> expiry;
  private boolean released;

  /**
   * A stream of {@code authenticated}'s events into {@code response}, answering {@code exchange}.
   */
  EventStream(
      StreamServices services,
      AuthenticatedCaller authenticated,
      Response response,
      Callback exchange) {
    this.services = services;
    this.authenticated = authenticated;
    this.socket =
        new SseClientSocket(
            connectionId, authenticated.caller().userId(), response, exchange, this::released);
  }

  /**
   * Registers the stream with the fan-out engine, which writes {@code auth_success} first, then the
   * catch-up of {@code followedNewestFirst} since {@code since}, then live events.
   *
   * @throws ConnectionLimitException when the user holds the most connections allowed; then nothing
   *     was written and the response is still free for an error answer
   */
  void open(Optional<Position> since, List<UploadId> followedNewestFirst) {
    try (var logged = MDC.putCloseable(LogContext.CONNECTION_ID, connectionId)) {
      register(since, followedNewestFirst);
    }
  }

  private void register(Optional<Position> since, List<UploadId> followedNewestFirst) {
    Caller caller = authenticated.caller();
    ClientConnection connected =
        services
            .connect()
            .connect(caller, socket, greeting(caller), ClientCapabilities.EVENT_STREAM);
    synchronized (this) {
      if (!released) {
        connection = connected;
        armTimers();
      }
    }
    if (socket.hasEnded()) {
      connected.close(); // ended while connecting: the client left, or the relay is stopping
      return;
    }
    connected.catchUp(since, followedNewestFirst);
    LOG.debug("event stream {} opened for {}", connectionId, caller.userId());
  }

  /** Whether the stream has ended, however. */
  boolean hasEnded() {
    return socket.hasEnded();
  }

  /** Ends the stream cleanly, after the write in flight; the client may reconnect. Idempotent. */
  void end() {
    socket.end();
  }

  /** Ends the stream at once, for a client that is gone or will not take what is in flight. */
  void abort(Throwable cause) {
    socket.abort(cause);
  }

  private void armTimers() {
    Duration interval = services.settings().pingInterval();
    long period = interval.toMillis();
    // Streams opened together (after a deploy) are pinged at spread times, never later than due.
    long first = period - ThreadLocalRandom.current().nextLong(period / 4 + 1);
    try {
      pings =
          services.timer().scheduleAtFixedRate(this::ping, first, period, TimeUnit.MILLISECONDS);
      armExpiry(services.clock().instant());
    } catch (RejectedExecutionException e) {
      // The endpoint is stopping and ends every stream itself.
    }
  }

  // Under the monitor.
  private void armExpiry(Instant now) {
    long millis = Math.max(0, Duration.between(now, authenticated.expiresAt()).toMillis());
    expiry = services.timer().schedule(this::checkExpiry, millis, TimeUnit.MILLISECONDS);
  }

  // Each ping also checks the token: the timer counts monotonic time, which stands still while the
  // host sleeps, whereas exp is wall-clock time.
  private void ping() {
    ClientConnection current;
    synchronized (this) {
      current = released ? null : connection;
    }
    if (current == null) {
      return;
    }
    if (hasExpired(services.clock().instant())) {
      expire();
    } else {
      current.send(PING);
    }
  }

  private void checkExpiry() {
    Instant now = services.clock().instant();
    if (hasExpired(now)) {
      expire();
      return;
    }
    synchronized (this) {
      if (!released) {
        try {
          armExpiry(now);
        } catch (RejectedExecutionException e) {
          // stopping
        }
      }
    }
  }

  private boolean hasExpired(Instant now) {
    return !now.isBefore(authenticated.expiresAt());
  }

  // The browser's EventSource reconnects to the same URL; with a token in it, that is refused
  // with 401 and the page opens a new stream with a fresh token (see docs/sse.md).
  private void expire() {
    if (expired.compareAndSet(false, true) && !socket.hasEnded()) {
      services.counters().tokenExpiries.incrementAndGet();
      LOG.debug("event stream {} ended at its token's expiry", connectionId);
      socket.end();
    }
  }

  // The stream has ended, however: the engine stops delivering, the timers stop, the endpoint
  // forgets it.
  private void released() {
    ClientConnection connected;
    synchronized (this) {
      released = true;
      connected = connection;
      if (pings != null) {
        pings.cancel(false);
      }
      if (expiry != null) {
        expiry.cancel(false);
      }
    }
    if (connected != null) {
      connected.close();
    }
    services.registry().remove(this);
    LOG.debug("event stream {} ended", connectionId);
  }

  // User ids are 1-128 characters of [A-Za-z0-9_.:-]: nothing in them needs escaping.
  private static String greeting(Caller caller) {
    return "{\"action\":\"auth_success\",\"user_id\":\"" + caller.userId().value() + "\"}";
  }
}
