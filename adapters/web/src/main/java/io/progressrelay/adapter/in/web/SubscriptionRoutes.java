package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.SubscribeResponse;
import io.progressrelay.adapter.in.web.json.SubscriptionPageResponse;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.SubscribeOutcome;
import io.progressrelay.domain.SubscriptionCursor;
import io.progressrelay.domain.UploadId;
import java.util.Optional;

/** The caller's own subscriptions: subscribe, unsubscribe, and list them a page at a time. */
final class SubscriptionRoutes implements WebComponent {
  private final ApiUseCases useCases;

  SubscriptionRoutes(ApiUseCases useCases) {
    this.useCases = useCases;
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.post("/api/uploads/{uploadId}/subscription", this::subscribe);
    config.routes.delete("/api/uploads/{uploadId}/subscription", this::unsubscribe);
    config.routes.get("/api/subscriptions", this::list);
  }

  private void subscribe(Context ctx) {
    UploadId uploadId = PathParameters.uploadId(ctx);
    SubscribeOutcome outcome = useCases.subscribe().subscribe(RequestCaller.of(ctx), uploadId);
    ctx.status(outcome == SubscribeOutcome.CREATED ? 201 : 200)
        .json(SubscribeResponse.of(uploadId, outcome));
  }

  private void unsubscribe(Context ctx) {
    useCases.unsubscribe().unsubscribe(RequestCaller.of(ctx), PathParameters.uploadId(ctx));
    ctx.status(204);
  }

  private void list(Context ctx) {
    var page =
        new SubscriptionPageRequest(
            limit(ctx.queryParam("limit")), cursor(ctx.queryParam("cursor")));
    ctx.json(
        SubscriptionPageResponse.of(
            useCases.listSubscriptions().list(RequestCaller.of(ctx), page)));
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return SubscriptionPageRequest.DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(
          "limit", "'limit' must be an integer between 1 and " + SubscriptionPageRequest.MAX_LIMIT);
    }
  }

  private static Optional<SubscriptionCursor> cursor(String value) {
    return value == null || value.isEmpty()
        ? Optional.empty()
        : Optional.of(SubscriptionCursor.decode(value));
  }
}
