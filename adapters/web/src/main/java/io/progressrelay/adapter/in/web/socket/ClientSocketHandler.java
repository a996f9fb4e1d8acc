package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.LogContext;
import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.socket.SocketTimers.Purpose;
import io.progressrelay.adapter.out.web.socket.JettyClientSocket;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One browser socket, on Jetty's core WebSocket API: authenticates it, registers it with the
 * fan-out engine, answers its frames and enforces the rate, idle and token-expiry rules of its
 * {@link SocketProtocol}.
 *
 * <p>Threads: Jetty calls {@link #onFrame} one frame at a time on a pool thread that may block
 * (never the selector) and asks for the next frame only after this one is handled, so the
 * subscription use cases run inline and answers keep the order of requests. The shared timer thread
 * runs the auth timeout, pings, idle checks and expiry; it only queues frames and starts closes,
 * which never block. Once connected, every frame goes out through the engine's {@link
 * ClientConnection}, which keeps one write in flight.
 */
final class ClientSocketHandler implements FrameHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSocketHandler.class);

  private enum State {
    AWAITING_AUTH,
    AUTHENTICATING,
    OPEN,
    CLOSED
  }

  private final SocketServices services;
  private final SocketProtocol protocol;
  private final String connectionId = UUID.randomUUID().toString();
  private final TokenBucket inboundRate;
  private final SocketTimers timers;
  private final InboundMessages messages;
  private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_AUTH);
  private volatile String upgradeToken;
  // progress-relay.v3: the position the client resumes from, as it sent it (null for none).
  private volatile String since;
  private volatile CoreSession session;
  private volatile SocketToken token;
  private volatile ClientConnection client;
  private volatile long lastInboundNanos = System.nanoTime();

  /**
   * A socket speaking {@code protocol} whose upgrade request carried {@code upgradeToken} (null
   * when it carried none).
   */
  ClientSocketHandler(SocketServices services, String upgradeToken, SocketProtocol protocol) {
    this(services, upgradeToken, null, protocol);
  }

  /**
   * As above, for a client that resumes from {@code upgradeSince}, the position its upgrade request
   * named (null for none; only {@code progress-relay.v3} reads it).
   */
  ClientSocketHandler(
      SocketServices services, String upgradeToken, String upgradeSince, SocketProtocol protocol) {
    this.services = services;
    this.upgradeToken = upgradeToken;
    this.since = upgradeSince;
    this.protocol = protocol;
    WebSocketSettings settings = services.settings();
    this.inboundRate =
        new TokenBucket(settings.framesPerSecond(), settings.frameBurst(), System::nanoTime);
    this.timers = new SocketTimers(services.timer(), connectionId);
    this.messages = new InboundMessages(settings.maxTextFrameBytes());
  }

  @Override
  public void onOpen(CoreSession openedSession, Callback callback) {
    try (var logged = MDC.putCloseable(LogContext.CONNECTION_ID, connectionId)) {
      open(openedSession, callback);
    }
  }

  private void open(CoreSession openedSession, Callback callback) {
    this.session = openedSession;
    lastInboundNanos = System.nanoTime();
    services.registry().add(this);
    if (services.stopping().getAsBoolean()) {
      closeForRestart();
    } else {
      timers.after(Purpose.IDLE_CHECK, services.settings().idleTimeout(), this::checkIdle);
      String token = upgradeToken;
      upgradeToken = null;
      if (token != null && state.compareAndSet(State.AWAITING_AUTH, State.AUTHENTICATING)) {
        authenticate(token);
      } else {
        timers.after(Purpose.AUTH_TIMEOUT, services.settings().authTimeout(), this::authTimedOut);
      }
    }
    callback.succeeded();
    openedSession.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    try (var logged = MDC.putCloseable(LogContext.CONNECTION_ID, connectionId)) {
      receive(frame, callback);
    }
  }

  private void receive(Frame frame, Callback callback) {
    byte opCode = frame.getOpCode();
    if (opCode == OpCode.CLOSE) {
      callback.succeeded(); // Jetty answers the close handshake itself once the callback succeeds
      return;
    }
    // Every frame counts, a fragment as much as a whole message, before authentication and after:
    // what a client costs is the frames it makes the relay read, however small.
    if (!admitInbound()) {
      callback.succeeded();
      session.demand();
      return;
    }
    switch (opCode) {
      case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> onDataFrame(frame, callback);
      case OpCode.PING -> {
        onPing(frame); // before the callback: Jetty reuses the payload's buffer after it
        callback.succeeded();
        session.demand();
      }
      default -> { // PONG: only proves liveness
        callback.succeeded();
        session.demand();
      }
    }
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    try (var logged = MDC.putCloseable(LogContext.CONNECTION_ID, connectionId)) {
      fail(cause, callback);
    }
  }

  private void fail(Throwable cause, Callback callback) {
    if (cause instanceof MessageTooLargeException) {
      // Jetty closes the socket with 1009 itself; only the count is ours.
      services.counters().oversizedFrames.incrementAndGet();
      LOG.debug("socket {} sent a message above the size limit", connectionId);
    } else {
      LOG.debug("socket {} failed: {}", connectionId, String.valueOf(cause));
    }
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    try (var logged = MDC.putCloseable(LogContext.CONNECTION_ID, connectionId)) {
      closed(closeStatus, callback);
    }
  }

  private void closed(CloseStatus closeStatus, Callback callback) {
    LOG.debug("socket {} closed: {}", connectionId, closeStatus);
    try {
      release();
    } finally {
      callback.succeeded();
    }
  }

  private void onDataFrame(Frame frame, Callback callback) {
    InboundMessages.Message message;
    try {
      message = messages.accept(frame);
    } catch (RuntimeException e) {
      // Too large (1009) or not UTF-8 (1007): Jetty closes with the exception's code. Reading
      // goes on so that the client's answer to that close arrives.
      callback.failed(e);
      session.demand();
      return;
    }
    callback.succeeded();
    if (message != null) {
      if (message.isText()) {
        onText(message.text());
      } else {
        onBinary();
      }
    }
    session.demand();
  }

  private void onText(String text) {
    switch (state.get()) {
      case AWAITING_AUTH -> onAuthFrame(text);
      case OPEN -> onRequest(ClientFrame.parse(text));
      default -> {
        // Authenticating or closing: the frame has nowhere to go.
      }
    }
  }

  private void onBinary() {
    switch (state.get()) {
      case AWAITING_AUTH -> {
        if (state.compareAndSet(State.AWAITING_AUTH, State.AUTHENTICATING)) {
          rejectAuth(CloseCodes.AUTH_FRAME_EXPECTED, "auth frame expected", expectedAuthFrame());
        }
      }
      case OPEN ->
          client.send(
              ServerFrames.error("unsupported", "binary frames are not supported; send JSON text"));
      default -> {
        // Closing: ignore.
      }
    }
  }

  private void onRequest(Optional<ClientFrame> frame) {
    if (frame.isPresent() && frame.get().isAuth() && protocol.refreshesTokenInBand()) {
      refreshToken(frame.get());
    } else {
      services.requests().answer(token.caller(), client, frame, protocol.resumes());
    }
  }

  // progress-relay.v2: a valid token of the same user moves the socket's expiry to its exp. A
  // refused one changes nothing: the socket still closes at the current token's exp.
  private void refreshToken(ClientFrame frame) {
    Optional<String> offered = frame.text("token").filter(value -> !value.isBlank());
    if (offered.isEmpty()) {
      refuseRefresh("the auth frame carries no token");
      return;
    }
    AuthenticatedCaller fresh;
    try {
      fresh = services.authenticator().authenticate(offered.get());
    } catch (AuthenticationException e) {
      refuseRefresh(e.getMessage());
      return;
    }
    Instant now = services.clock().instant();
    Optional<String> refusal = token.refresh(fresh, now);
    if (refusal.isPresent()) {
      refuseRefresh(refusal.get());
      return;
    }
    armTokenExpiry(now);
    client.send(ServerFrames.tokenRefreshed(fresh.expiresAt()));
  }

  private void refuseRefresh(String message) {
    LOG.debug("socket {} refused a token refresh: {}", connectionId, message);
    client.send(ServerFrames.error("token_rejected", message));
  }

  // RFC 6455 asks for a pong with the ping's payload.
  private void onPing(Frame ping) {
    ByteBuffer payload = ping.getPayload();
    ByteBuffer copy =
        payload == null ? ByteBuffer.allocate(0) : ByteBuffer.allocate(payload.remaining());
    if (payload != null) {
      copy.put(payload.duplicate()).flip();
    }
    session.sendFrame(new Frame(OpCode.PONG, copy), Callback.NOOP, false);
  }

  /** Closes the socket with 1012 because the server is stopping. */
  void closeForRestart() {
    closeNow(CloseCodes.SERVICE_RESTART, "service restart", null);
  }

  private void onAuthFrame(String text) {
    if (!state.compareAndSet(State.AWAITING_AUTH, State.AUTHENTICATING)) {
      return; // the auth timeout won the race
    }
    timers.cancel(Purpose.AUTH_TIMEOUT);
    Optional<ClientFrame> frame = ClientFrame.parse(text);
    if (frame.isEmpty() || !frame.get().isAuth()) {
      rejectAuth(CloseCodes.AUTH_FRAME_EXPECTED, "auth frame expected", expectedAuthFrame());
      return;
    }
    if (frame.get().has("since")) {
      since = frame.get().text("since").orElse("");
    }
    Optional<String> token = frame.get().text("token").filter(value -> !value.isBlank());
    if (token.isEmpty()) {
      rejectAuth(CloseCodes.TOKEN_MISSING, "token missing", "the auth frame carries no token");
      return;
    }
    authenticate(token.get());
  }

  private void authenticate(String token) {
    AuthenticatedCaller authenticated;
    try {
      authenticated = services.authenticator().authenticate(token);
    } catch (AuthenticationException e) {
      switch (e.reason()) {
        case MISSING -> rejectAuth(CloseCodes.TOKEN_MISSING, "token missing", e.getMessage());
        case EXPIRED -> rejectAuth(CloseCodes.TOKEN_REJECTED, "token expired", e.getMessage());
        case INVALID -> rejectAuth(CloseCodes.TOKEN_REJECTED, "invalid token", e.getMessage());
      }
      return;
    }
    Instant now = services.clock().instant();
    // The authenticator forgives clock skew; a live socket must still end at the token's exp.
    if (!authenticated.expiresAt().isAfter(now)) {
      rejectAuth(CloseCodes.TOKEN_REJECTED, "token expired", "the bearer token has expired");
      return;
    }
    connect(authenticated, now);
  }

  private void connect(AuthenticatedCaller authenticated, Instant now) {
    Caller who = authenticated.caller();
    var socket = new JettyClientSocket(connectionId, who.userId(), session);
    ClientConnection connected;
    try {
      connected =
          services
              .connect()
              .connect(
                  who,
                  socket,
                  ServerFrames.authSuccess(who.userId()),
                  protocol.capabilities(services.v1Options()));
    } catch (ConnectionLimitException e) {
      closeNow(
          CloseCodes.POLICY_VIOLATION,
          e.getMessage(),
          services.counters().connectionLimitRejections);
      return;
    }
    this.token = new SocketToken(authenticated, protocol.closesAtTokenExpiry(services.v1Options()));
    this.client = connected;
    if (!state.compareAndSet(State.AUTHENTICATING, State.OPEN)) {
      connected.close(); // closed while connecting (server stop, peer gone)
      return;
    }
    LOG.debug("socket {} ({}) authenticated as {}", connectionId, protocol, who.userId());
    if (protocol.resumes()) {
      catchUp(who, connected);
    }
    Duration pingInterval = services.settings().pingInterval();
    timers.every(Purpose.PING, PingSpread.firstDelay(pingInterval), pingInterval, this::ping);
    armTokenExpiry(now);
  }

  // progress-relay.v3: what the client missed since its position, or the latest state, of each
  // upload it follows and of its own channel; a position it cannot have been sent is answered with
  // an error and treated as none, so the client still gets the latest state.
  private void catchUp(Caller who, ClientConnection connected) {
    String sent = since;
    since = null;
    Optional<Position> from = Optional.empty();
    if (sent != null) {
      from = Position.parse(sent);
      if (from.isEmpty()) {
        connected.send(
            ServerFrames.error(
                "invalid_value",
                "'since' is not a position this relay sends; catching up from the latest state"));
      }
    }
    List<UploadId> followed =
        services
            .catchUps()
            .followedBy(who)
            .orElseGet(
                () -> {
                  connected.send(
                      ServerFrames.error(
                          "unavailable",
                          "storage is temporarily unavailable: only your own channel catches up;"
                              + " subscribe to each upload again to catch up on it"));
                  return List.of();
                });
    connected.catchUp(from, followed);
  }

  // Only where the token's expiry closes the socket: v2, or v1 when the operator asks for it.
  private void armTokenExpiry(Instant now) {
    token
        .closesAt()
        .ifPresent(
            deadline ->
                timers.after(
                    Purpose.TOKEN_EXPIRY, Duration.between(now, deadline), this::checkTokenExpiry));
  }

  // Every inbound frame, control frames and fragments included, proves liveness and counts against
  // the rate.
  private boolean admitInbound() {
    lastInboundNanos = System.nanoTime();
    if (inboundRate.tryTake()) {
      return true;
    }
    if (closeNow(
        CloseCodes.POLICY_VIOLATION, "rate limit", services.counters().rateLimitViolations)) {
      LOG.debug("socket {} closed for exceeding the frame rate", connectionId);
    }
    return false;
  }

  // Before connect nothing is queued in the engine, so the error frame is written directly.
  private void rejectAuth(int code, String reason, String message) {
    if (!state.compareAndSet(State.AUTHENTICATING, State.CLOSED)
        && !state.compareAndSet(State.AWAITING_AUTH, State.CLOSED)) {
      return;
    }
    timers.cancelAll();
    services.counters().authFailures.incrementAndGet();
    LOG.debug("socket {} failed to authenticate: {}", connectionId, reason);
    Runnable close = () -> session.close(code, reason, Callback.NOOP);
    session.sendFrame(
        new Frame(OpCode.TEXT, ServerFrames.authError(message)),
        Callback.from(close, failure -> close.run()),
        false);
  }

  private void authTimedOut() {
    if (state.get() == State.AWAITING_AUTH) {
      long seconds = services.settings().authTimeout().toMillis() / 1000;
      String within = seconds > 0 ? seconds + " s" : services.settings().authTimeout().toString();
      rejectAuth(
          CloseCodes.AUTH_TIMEOUT, "authentication timeout", "no auth frame within " + within);
    }
  }

  private void checkIdle() {
    if (state.get() == State.CLOSED) {
      return;
    }
    long idle = services.settings().idleTimeout().toNanos();
    long silent = System.nanoTime() - lastInboundNanos;
    if (silent < idle) {
      timers.after(
          Purpose.IDLE_CHECK, Duration.ofNanos(idle - silent).plusMillis(1), this::checkIdle);
    } else {
      closeNow(CloseCodes.IDLE_TIMEOUT, "idle timeout", services.counters().idleTimeouts);
    }
  }

  // Each ping also checks the token: the timers count monotonic time, which stands still while the
  // host sleeps (a suspended VM), whereas exp is wall-clock time.
  private void ping() {
    if (state.get() != State.OPEN) {
      return;
    }
    if (token.hasExpired(services.clock().instant())) {
      tokenExpired();
    } else {
      client.send(ServerFrames.PING);
    }
  }

  // The deadline may have moved since the timer was set (a refresh) or the clocks disagree.
  private void checkTokenExpiry() {
    Instant now = services.clock().instant();
    if (token.hasExpired(now)) {
      tokenExpired();
    } else {
      armTokenExpiry(now);
    }
  }

  private void tokenExpired() {
    closeNow(CloseCodes.TOKEN_REJECTED, "token expired", services.counters().tokenExpiries);
  }

  /**
   * Starts the close handshake once, counting it in {@code counter} (if any) first so the count is
   * in place before the client can see the close; true for the call that did.
   */
  private boolean closeNow(int code, String reason, AtomicLong counter) {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return false;
    }
    if (counter != null) {
      counter.incrementAndGet();
    }
    timers.cancelAll();
    session.close(code, CloseCodes.fitReason(reason), Callback.NOOP);
    return true;
  }

  // The socket is gone: the engine stops delivering, timers stop, the registry forgets it.
  private void release() {
    state.set(State.CLOSED);
    timers.cancelAll();
    ClientConnection connected = client;
    if (connected != null) {
      connected.close();
    }
    services.registry().remove(this);
  }

  private static String expectedAuthFrame() {
    return "the first frame must be {\"type\":\"auth\",\"token\":\"<JWT>\"}";
  }
}
