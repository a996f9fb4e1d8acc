package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.JsonMappers;
import io.progressrelay.adapter.in.web.json.PublishResponse;
import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.publish.PublishEventsUseCase;
import io.progressrelay.application.port.in.publish.PublishRequest;
import io.progressrelay.application.port.out.publish.InvalidEventException;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.OutgoingEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /api/publish}: backends that cannot reach Redis publish events through the relay, one per
 * request (the body is the event) or a batch, as a worker's {@code PUBLISH} or {@code XADD} would.
 */
public final class PublishRoutes implements WebComponent {
  /** How a batch names an upload's channel, whatever prefix the deployment publishes under. */
  static final String UPLOAD_CHANNEL_PREFIX = "upload:";

  /** How a batch names a user's channel. */
  static final String USER_CHANNEL_PREFIX = "user:";

  private static final String KEY_HEADER = PublishRequest.KEY_FIELD;

  private final PublishEventsUseCase useCase;
  private final JsonRequestBody body;
  private final PublishBatchParser batches =
      new PublishBatchParser(PublishEventsUseCase.MAX_EVENTS);

  /** Routes that read request bodies of at most {@code maxBodyBytes}. */
  public PublishRoutes(PublishEventsUseCase useCase, long maxBodyBytes) {
    this.useCase = Objects.requireNonNull(useCase, "useCase");
    this.body = new JsonRequestBody(JsonMappers.create(), maxBodyBytes);
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.post("/api/publish", this::publishBatch);
    config.routes.post("/api/publish/uploads/{uploadId}", this::publishToUpload);
    config.routes.post("/api/publish/users/{userId}", this::publishToUser);
  }

  // Only callers who may publish learn anything about their request's body.
  private static void requirePublisher(Context ctx) {
    Authorization.requireAnyRole(RequestCaller.of(ctx), PublishEventsUseCase.PUBLISHER_ROLES);
  }

  private void publishToUpload(Context ctx) {
    requirePublisher(ctx);
    var channel = new EventChannel.Upload(UPLOAD_CHANNEL_PREFIX, PathParameters.uploadId(ctx));
    publish(ctx, List.of(new OutgoingEvent(channel, body.bytes(ctx))), false);
  }

  private void publishToUser(Context ctx) {
    requirePublisher(ctx);
    var channel = new EventChannel.User(USER_CHANNEL_PREFIX, PathParameters.userId(ctx));
    publish(ctx, List.of(new OutgoingEvent(channel, body.bytes(ctx))), false);
  }

  private void publishBatch(Context ctx) {
    requirePublisher(ctx);
    publish(ctx, batches.parse(body.bytes(ctx)), true);
  }

  private void publish(Context ctx, List<OutgoingEvent> events, boolean batch) {
    var request = new PublishRequest(events, Optional.ofNullable(ctx.header(KEY_HEADER)));
    try {
      var answer = useCase.publish(RequestCaller.of(ctx), request);
      ctx.status(202).json(PublishResponse.of(answer));
    } catch (InvalidEventException e) {
      // A batch names the event at fault; a single event is the whole body.
      String field = batch ? "events[" + e.index() + "].data" : null;
      String message = (batch ? "'" + field + "' " : "the event ") + "cannot be relayed: ";
      throw e.tooLarge()
          ? RequestRejectedException.eventTooLarge(field, message + e.getMessage())
          : RequestRejectedException.invalidJson(field, message + e.getMessage());
    }
  }
}
