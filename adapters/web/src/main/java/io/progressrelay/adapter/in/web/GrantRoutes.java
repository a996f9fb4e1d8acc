package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.GrantListResponse;
import io.progressrelay.adapter.in.web.json.GrantResponse;
import io.progressrelay.application.port.in.grant.GrantAccessUseCase.GrantOutcome;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;

/** {@code /api/uploads/{uploadId}/grants}: owners and admins decide who else may follow. */
final class GrantRoutes implements WebComponent {
  private final ApiUseCases useCases;
  private final JsonRequestBody body;

  GrantRoutes(ApiUseCases useCases, JsonRequestBody body) {
    this.useCases = useCases;
    this.body = body;
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.post("/api/uploads/{uploadId}/grants", this::grant);
    config.routes.get("/api/uploads/{uploadId}/grants", this::list);
    config.routes.delete("/api/uploads/{uploadId}/grants/{userId}", this::revoke);
  }

  private void grant(Context ctx) {
    UploadId uploadId = PathParameters.uploadId(ctx);
    JsonNode request = JsonFields.requireObject(body.read(ctx), "");
    UserId grantee = UserId.parse("userId", JsonFields.requireString(request, "userId", "userId"));
    GrantOutcome outcome = useCases.grantAccess().grant(RequestCaller.of(ctx), uploadId, grantee);
    ctx.status(outcome.created() ? 201 : 200).json(GrantResponse.of(outcome.grant()));
  }

  private void list(Context ctx) {
    var grants = useCases.listGrants().list(RequestCaller.of(ctx), PathParameters.uploadId(ctx));
    ctx.json(GrantListResponse.of(grants));
  }

  private void revoke(Context ctx) {
    UploadId uploadId = PathParameters.uploadId(ctx);
    UserId grantee = PathParameters.userId(ctx);
    useCases.revokeAccess().revoke(RequestCaller.of(ctx), uploadId, grantee);
    ctx.status(204);
  }
}
