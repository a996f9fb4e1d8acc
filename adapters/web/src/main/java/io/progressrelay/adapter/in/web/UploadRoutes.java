package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.BulkRegistrationResponse;
import io.progressrelay.adapter.in.web.json.RegistrationResponse;
import io.progressrelay.adapter.in.web.json.UploadResponse;
import io.progressrelay.application.port.in.upload.BulkRegisterUploadsUseCase;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/uploads}: backends register and delete uploads, followers read them. */
final class UploadRoutes implements WebComponent {
  private final ApiUseCases useCases;
  private final JsonRequestBody body;
  private final ObjectMapper mapper;

  UploadRoutes(ApiUseCases useCases, JsonRequestBody body, ObjectMapper mapper) {
    this.useCases = useCases;
    this.body = body;
    this.mapper = mapper;
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.post("/api/uploads/bulk", this::registerAll);
    config.routes.put("/api/uploads/{uploadId}", this::register);
    config.routes.get("/api/uploads/{uploadId}", this::get);
    config.routes.delete("/api/uploads/{uploadId}", this::delete);
  }

  private void register(Context ctx) {
    UploadId uploadId = PathParameters.uploadId(ctx);
    JsonNode request = JsonFields.requireObject(body.read(ctx), "");
    UserId owner = UserId.parse("ownerId", JsonFields.requireString(request, "ownerId", "ownerId"));
    var registration = new UploadRegistration(uploadId, owner);
    RegistrationOutcome outcome =
        useCases.registerUpload().register(RequestCaller.of(ctx), registration);
    ctx.status(outcome == RegistrationOutcome.CREATED ? 201 : 200)
        .json(RegistrationResponse.of(registration, outcome));
  }

  private void registerAll(Context ctx) {
    JsonNode request = body.read(ctx);
    if (!request.isArray()) {
      throw RequestRejectedException.invalidJson(null, "the request body must be a JSON array");
    }
    if (request.size() > BulkRegisterUploadsUseCase.MAX_ENTRIES) {
      throw RequestRejectedException.tooManyEntries(BulkRegisterUploadsUseCase.MAX_ENTRIES);
    }
    var result =
        useCases.bulkRegisterUploads().registerAll(RequestCaller.of(ctx), entries(request));
    ctx.json(BulkRegistrationResponse.of(result));
  }

  private static List<UploadRegistration> entries(JsonNode array) {
    List<UploadRegistration> entries = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "[" + i + "]";
      JsonNode entry = JsonFields.requireObject(array.get(i), at);
      String uploadField = at + ".uploadId";
      String ownerField = at + ".ownerId";
      UploadId uploadId =
          UploadId.parse(uploadField, JsonFields.requireString(entry, "uploadId", uploadField));
      UserId owner =
          UserId.parse(ownerField, JsonFields.requireString(entry, "ownerId", ownerField));
      entries.add(new UploadRegistration(uploadId, owner));
    }
    return entries;
  }

  private void get(Context ctx) {
    var details = useCases.getUpload().get(RequestCaller.of(ctx), PathParameters.uploadId(ctx));
    ctx.json(UploadResponse.of(details, mapper));
  }

  private void delete(Context ctx) {
    useCases.deleteUpload().delete(RequestCaller.of(ctx), PathParameters.uploadId(ctx));
    ctx.status(204);
  }
}
