package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.ConnectionListResponse;
import io.progressrelay.adapter.in.web.json.DeliveryPageResponse;
import io.progressrelay.adapter.in.web.json.DeliveryStatsResponse;
import io.progressrelay.adapter.in.web.json.TimelineResponse;
import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.history.DeliveriesRequest;
import io.progressrelay.application.port.in.history.DeliveryCursorCodec;
import io.progressrelay.application.port.in.history.DeliveryStatsRequest;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.BucketSize;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/admin}: delivery history, its statistics, upload timelines, live connections. Only
 * admins get past the role check, which runs before any parameter is read.
 */
final class AdminRoutes implements WebComponent {
  private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

  private final AdminUseCases useCases;

  AdminRoutes(AdminUseCases useCases) {
    this.useCases = useCases;
  }

  @Override
  public void configure(JavalinConfig config) {
    // Runs after authentication and before the handlers parse their parameters, so a caller
    // without the role learns nothing from a 400 about how a request should look. The services
    // check the role again.
    config.routes.before("/api/admin/*", AdminRoutes::requireAdmin);
    config.routes.get("/api/admin/deliveries", this::deliveries);
    config.routes.get("/api/admin/deliveries/stats", this::stats);
    config.routes.get("/api/admin/uploads/{uploadId}/timeline", this::timeline);
    config.routes.get("/api/admin/connections", this::connections);
  }

  private static void requireAdmin(Context ctx) {
    Authorization.requireAnyRole(RequestCaller.of(ctx), ADMIN);
  }

  private void deliveries(Context ctx) {
    var request =
        new DeliveriesRequest(
            QueryParameters.parsed(ctx, "uploadId", value -> UploadId.parse("uploadId", value)),
            QueryParameters.parsed(ctx, "userId", value -> UserId.parse("userId", value)),
            QueryParameters.text(ctx, "action"),
            QueryParameters.parsed(ctx, "outcome", AdminRoutes::outcome),
            QueryParameters.instant(ctx, "since"),
            QueryParameters.instant(ctx, "until"),
            QueryParameters.integer(
                ctx, "limit", DeliveriesRequest.DEFAULT_LIMIT, 1, DeliveriesRequest.MAX_LIMIT),
            QueryParameters.parsed(ctx, "cursor", DeliveryCursorCodec::decode));
    ctx.json(
        DeliveryPageResponse.of(
            useCases.queryDeliveries().deliveries(RequestCaller.of(ctx), request)));
  }

  private void stats(Context ctx) {
    var request =
        new DeliveryStatsRequest(
            QueryParameters.instant(ctx, "since"),
            QueryParameters.instant(ctx, "until"),
            QueryParameters.parsed(ctx, "bucket", AdminRoutes::bucket));
    ctx.json(
        DeliveryStatsResponse.of(useCases.deliveryStats().stats(RequestCaller.of(ctx), request)));
  }

  private void timeline(Context ctx) {
    UploadId uploadId = PathParameters.uploadId(ctx);
    ctx.json(
        TimelineResponse.of(useCases.uploadTimeline().timeline(RequestCaller.of(ctx), uploadId)));
  }

  private void connections(Context ctx) {
    ctx.json(
        ConnectionListResponse.of(useCases.liveConnections().connections(RequestCaller.of(ctx))));
  }

  private static DeliveryOutcome outcome(String code) {
    return Arrays.stream(DeliveryOutcome.values())
        .filter(outcome -> outcome.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidValueException(
                    "outcome",
                    "'outcome' must be one of "
                        + Arrays.stream(DeliveryOutcome.values())
                            .map(DeliveryOutcome::code)
                            .collect(Collectors.joining(", "))));
  }

  private static BucketSize bucket(String value) {
    return switch (value) {
      case "minute" -> BucketSize.MINUTE;
      case "hour" -> BucketSize.HOUR;
      default -> throw new InvalidValueException("bucket", "'bucket' must be minute or hour");
    };
  }
}
