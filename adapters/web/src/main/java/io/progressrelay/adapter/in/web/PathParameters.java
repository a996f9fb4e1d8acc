package io.progressrelay.adapter.in.web;

import io.javalin.http.Context;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;

/** Parses the ids in a route's path, naming the path parameter when one is not a valid id. */
final class PathParameters {
  static final String UPLOAD_ID = "uploadId";
  static final String USER_ID = "userId";

  private PathParameters() {}

  static UploadId uploadId(Context ctx) {
    return UploadId.parse(UPLOAD_ID, ctx.pathParam(UPLOAD_ID));
  }

  static UserId userId(Context ctx) {
    return UserId.parse(USER_ID, ctx.pathParam(USER_ID));
  }
}
