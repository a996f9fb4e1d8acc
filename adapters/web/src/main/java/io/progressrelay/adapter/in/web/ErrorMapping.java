package io.progressrelay.adapter.in.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.progressrelay.adapter.in.web.auth.AuthenticationException;
import io.progressrelay.adapter.in.web.json.ErrorResponse;
import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.SubscriptionLimitException;
import io.progressrelay.application.port.in.UploadNotFoundException;
import io.progressrelay.application.port.in.UploadOwnerConflictException;
import io.progressrelay.application.port.in.publish.IdempotencyKeyInFlightException;
import io.progressrelay.application.port.in.publish.IdempotencyKeyReusedException;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.application.port.out.publish.PublishUnavailableException;
import io.progressrelay.domain.InvalidValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP answers, always as a JSON {@code error} object. */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  private ErrorMapping() {}

  static void register(RoutesConfig routes) {
    routes.exception(AuthenticationException.class, ErrorMapping::unauthorized);
    routes.exception(RequestRejectedException.class, ErrorMapping::rejected);
    routes.exception(
        InvalidValueException.class, (e, ctx) -> send(ctx, 400, "invalid_value", e, e.field()));
    routes.exception(AccessDeniedException.class, (e, ctx) -> send(ctx, 403, "forbidden", e, null));
    routes.exception(
        UploadNotFoundException.class, (e, ctx) -> send(ctx, 404, "not_found", e, null));
    routes.exception(
        UploadOwnerConflictException.class, (e, ctx) -> send(ctx, 409, "owner_conflict", e, null));
    routes.exception(
        SubscriptionLimitException.class,
        (e, ctx) -> send(ctx, 409, "subscription_limit", e, null));
    routes.exception(StorageUnavailableException.class, ErrorMapping::unavailable);
    routes.exception(
        IdempotencyKeyReusedException.class,
        (e, ctx) -> send(ctx, 422, "idempotency_key_reused", e, "Idempotency-Key"));
    routes.exception(IdempotencyKeyInFlightException.class, ErrorMapping::inFlight);
    routes.exception(PublishUnavailableException.class, ErrorMapping::redisUnavailable);
    routes.exception(HttpResponseException.class, ErrorMapping::javalinResponse);
    routes.exception(Exception.class, ErrorMapping::internal);
  }

  private static void unauthorized(AuthenticationException e, Context ctx) {
    // RFC 6750: a presented but unusable token is "invalid_token"; a missing one gets no error.
    String challenge =
        e.reason() == AuthenticationException.Reason.MISSING
            ? "Bearer realm=\"progress-relay\""
            : "Bearer realm=\"progress-relay\", error=\"invalid_token\"";
    ctx.header("WWW-Authenticate", challenge);
    send(ctx, 401, "unauthorized", e, null);
  }

  // Nothing was changed; the client may retry once the database is back.
  private static void unavailable(StorageUnavailableException e, Context ctx) {
    LOG.warn("{} {} answered 503: {}", ctx.method(), ctx.path(), e.getMessage());
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    send(ctx, 503, "storage_unavailable", "storage is temporarily unavailable; retry later", null);
  }

  // The first request with the key is still publishing; its answer is there in a moment.
  private static void inFlight(IdempotencyKeyInFlightException e, Context ctx) {
    ctx.header("Retry-After", "1");
    send(ctx, 409, "idempotency_key_in_flight", e, "Idempotency-Key");
  }

  // Nothing was published, unless the connection failed while Redis ran the batch (then all of
  // it was); docs/api.md says what a retry with the same Idempotency-Key then does.
  private static void redisUnavailable(PublishUnavailableException e, Context ctx) {
    LOG.warn("{} {} answered 503: {}", ctx.method(), ctx.path(), e.getMessage());
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    send(ctx, 503, "redis_unavailable", "Redis is temporarily unavailable; retry later", null);
  }

  private static void rejected(RequestRejectedException e, Context ctx) {
    send(ctx, e.status(), e.code(), e, e.field());
  }

  // Javalin's own answers: unknown routes, methods a route does not take.
  private static void javalinResponse(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 -> send(ctx, 404, "not_found", "no such resource", null);
      case 405 -> send(ctx, 405, "method_not_allowed", "method not allowed here", null);
      case 413 -> send(ctx, 413, "payload_too_large", "the request body is too large", null);
      default -> {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        send(ctx, e.getStatus(), "http_" + e.getStatus(), status.getMessage(), null);
      }
    }
  }

  private static void internal(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    send(ctx, 500, "internal", "an internal error occurred", null);
  }

  private static void send(Context ctx, int status, String code, Exception e, String field) {
    send(ctx, status, code, e.getMessage(), field);
  }

  private static void send(Context ctx, int status, String code, String message, String field) {
    ctx.status(status).json(ErrorResponse.of(code, message, field));
  }
}
