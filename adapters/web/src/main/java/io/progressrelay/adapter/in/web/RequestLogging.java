package io.progressrelay.adapter.in.web;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEBUG line per request. The path is logged without its query string and no header is logged
 * at all, so tokens and cursors never reach the log.
 */
final class RequestLogging {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.progressrelay.adapter.in.web.requests");

  private RequestLogging() {}

  static void log(Context ctx, Float millis) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} {} {}ms",
          ctx.method(),
          ctx.req().getRequestURI(),
          ctx.statusCode(),
          Math.round(millis));
    }
  }
}
