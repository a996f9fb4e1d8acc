package io.progressrelay.adapter.in.web;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

/**
 * Gives every HTTP request an id, in the MDC while the request's thread handles it (so every log
 * line it causes carries it) and in the {@code X-Request-Id} response header: the caller's own
 * {@code X-Request-Id} when it is a plain token (a proxy's, say), a random one otherwise.
 */
final class RequestIds extends Handler.Wrapper {
  static final String HEADER = "X-Request-Id";
  private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String id = idOf(request.getHeaders().get(HEADER));
    response.getHeaders().put(HEADER, id);
    try (var logged = MDC.putCloseable(LogContext.REQUEST_ID, id)) {
      return super.handle(request, response, callback);
    }
  }

  // Anything else is replaced: the id goes into log lines, which must not be forged.
  static String idOf(String offered) {
    if (offered != null && PLAIN_TOKEN.matcher(offered).matches()) {
      return offered;
    }
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE); // 16 digits
  }
}
