package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.adapter.in.web.auth.AuthenticatedCaller;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.sse.StreamRequests.Resume;
import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code GET /api/events} into a stream, or refuses it with a JSON error before anything of
 * a stream is written: 503 while the relay stops, 403 for an origin outside the allow-list, 401 for
 * a missing, invalid or expired token, 406 for a client that does not take {@code
 * text/event-stream}, 400 for a resume position the relay never wrote, 503 when the user's
 * subscriptions cannot be read, 429 at the user's connection limit. Runs on a request thread that
 * may block (the subscriptions are read from the store). Never logs the token or the query.
 */
final class StreamOpener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamOpener.class);
  private static final String RETRY_AFTER_SECONDS = "5";
  private static final String PREFLIGHT_HEADERS =
      "Authorization, Last-Event-ID, Accept, Cache-Control";
  private static final HttpField EVENT_STREAM =
      new HttpField(HttpHeader.CONTENT_TYPE, "text/event-stream");
  private static final HttpField NO_CACHE = new HttpField(HttpHeader.CACHE_CONTROL, "no-cache");
  // nginx buffers proxied responses unless told not to; a buffered stream delivers nothing live.
  private static final HttpField NO_PROXY_BUFFERING = new HttpField("X-Accel-Buffering", "no");

  private final StreamServices services;
  private final ErrorAnswers errors;

  StreamOpener(StreamServices services, ErrorAnswers errors) {
    this.services = services;
    this.errors = errors;
  }

  /**
   * Answers a CORS preflight: a browser asks before a cross-origin reconnect that carries {@code
   * Last-Event-ID}, or a {@code fetch} with an {@code Authorization} header. Allowed origins get
   * 204 with the headers a stream request may carry; others 403.
   */
  void preflight(Request request, Response response, Callback exchange) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (!services.settings().allowsOrigin(origin)) {
      refuse(
          response, exchange, StreamRefusal.ORIGIN, 403, "forbidden", "origin not allowed", null);
      return;
    }
    allowOrigin(response, origin);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET");
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, PREFLIGHT_HEADERS);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    response.setStatus(204);
    exchange.succeeded();
  }

  void open(Request request, Response response, Callback exchange) {
    if (services.stopping().getAsBoolean()) {
      refuse(response, exchange, StreamRefusal.UNAVAILABLE, 503, "restarting", restarting(), null);
      return;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (!services.settings().allowsOrigin(origin)) {
      LOG.info("refused an event stream from origin {}", origin);
      refuse(
          response, exchange, StreamRefusal.ORIGIN, 403, "forbidden", "origin not allowed", null);
      return;
    }
    allowOrigin(response, origin);
    AuthenticatedCaller caller;
    try {
      caller = authenticate(StreamRequests.token(request).orElse(null));
    } catch (AuthenticationException e) {
      unauthorized(response, exchange, e);
      return;
    }
    if (!StreamRequests.acceptsEventStream(request.getHeaders().getValuesList(HttpHeader.ACCEPT))) {
      refuse(
          response,
          exchange,
          StreamRefusal.NOT_ACCEPTABLE,
          406,
          "not_acceptable",
          "this endpoint answers only text/event-stream; send Accept: text/event-stream",
          null);
      return;
    }
    Optional<Resume> resume = StreamRequests.since(request);
    Optional<Position> since = resume.flatMap(value -> Position.parse(value.value()));
    if (resume.isPresent() && since.isEmpty()) {
      String field = resume.get().field();
      refuse(
          response,
          exchange,
          StreamRefusal.INVALID_POSITION,
          400,
          "invalid_value",
          "'" + field + "' must be an event id the relay sent",
          field);
      return;
    }
    // A socket that cannot read them catches up on its user channel only and resumes each upload
    // by subscribing; a stream cannot subscribe, so it is refused and retried instead.
    Optional<List<UploadId>> followed = services.catchUps().followedBy(caller.caller());
    if (followed.isEmpty()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
      refuse(
          response,
          exchange,
          StreamRefusal.UNAVAILABLE,
          503,
          "storage_unavailable",
          "storage is temporarily unavailable; retry later",
          null);
      return;
    }
    start(request, response, exchange, caller, since, followed.get());
  }

  private void start(
      Request request,
      Response response,
      Callback exchange,
      AuthenticatedCaller caller,
      Optional<Position> since,
      List<UploadId> followed) {
    // Set now, sent with the first write: the engine's auth_success.
    response.setStatus(200);
    response.getHeaders().put(EVENT_STREAM);
    response.getHeaders().put(NO_CACHE);
    response.getHeaders().put(NO_PROXY_BUFFERING);
    var stream = new EventStream(services, caller, response, exchange);
    try {
      stream.open(since, followed);
    } catch (ConnectionLimitException e) {
      response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
      response.getHeaders().remove(HttpHeader.CACHE_CONTROL);
      response.getHeaders().remove("X-Accel-Buffering");
      refuse(
          response,
          exchange,
          StreamRefusal.CONNECTION_LIMIT,
          429,
          "connection_limit",
          e.getMessage(),
          null);
      return;
    }
    services.counters().opened.incrementAndGet();
    // Jetty does not read from a connection whose request it is answering, so a client that
    // leaves is noticed by a failed write (the one after the reset its close draws), or here when
    // Jetty fails the exchange itself.
    request.addFailureListener(stream::abort);
    // A stream is quiet between pings by design; only a write that makes no progress times out.
    request.addIdleTimeoutListener(timeout -> false);
    services.registry().add(stream);
    if (stream.hasEnded()) {
      services.registry().remove(stream); // it ended before it was registered
    } else if (services.stopping().getAsBoolean()) {
      stream.end(); // the stop began after this request passed its first check
    }
  }

  // EventSource on another origin reads the stream only if the answer allows that origin. No
  // credentials: the token travels in the request, never in a cookie.
  private static void allowOrigin(Response response, String origin) {
    if (origin != null) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().add(HttpHeader.VARY, "Origin");
    }
  }

  /** Answers a request whose opening failed unexpectedly: 500 before the stream started. */
  void failed(Response response, Callback exchange, RuntimeException e) {
    LOG.error("an event-stream request failed", e);
    if (response.isCommitted()) {
      exchange.failed(e);
    } else {
      errors.send(response, exchange, 500, "internal", "an internal error occurred", null);
    }
  }

  private AuthenticatedCaller authenticate(String token) throws AuthenticationException {
    AuthenticatedCaller caller = services.authenticator().authenticate(token);
    // The authenticator forgives clock skew; a stream must still end at the token's exp.
    if (!caller.expiresAt().isAfter(services.clock().instant())) {
      throw AuthenticationException.expired();
    }
    return caller;
  }

  // RFC 6750: a presented but unusable token is "invalid_token"; a missing one gets no error.
  private void unauthorized(Response response, Callback exchange, AuthenticationException e) {
    String challenge =
        e.reason() == AuthenticationException.Reason.MISSING
            ? "Bearer realm=\"progress-relay\""
            : "Bearer realm=\"progress-relay\", error=\"invalid_token\"";
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
    refuse(
        response, exchange, StreamRefusal.AUTH_FAILURE, 401, "unauthorized", e.getMessage(), null);
  }

  private void refuse(
      Response response,
      Callback exchange,
      StreamRefusal reason,
      int status,
      String code,
      String message,
      String field) {
    services.counters().refused(reason);
    LOG.debug("refused an event stream with {}: {}", status, code);
    errors.send(response, exchange, status, code, message, field);
  }

  private static String restarting() {
    return "the relay is restarting; reconnect shortly";
  }
}
