package io.progressrelay.adapter.in.web.sse;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler in front of Javalin that takes {@code GET} {@value EventStreamEndpoint#PATH}
 * (and the CORS preflight of a cross-origin reconnect) for itself and passes every other request
 * on. A stream holds its response for as long as it lasts, written with Jetty's asynchronous
 * writes, which Javalin's servlet handlers cannot do without holding a thread or an async context
 * per stream.
 */
final class EventStreamHandler extends Handler.Wrapper {
  private final StreamOpener opener;

  EventStreamHandler(StreamOpener opener) {
    this.opener = opener;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!EventStreamEndpoint.PATH.equals(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    if (HttpMethod.GET.is(request.getMethod())) {
      try {
        opener.open(request, response, callback);
      } catch (RuntimeException e) {
        // Answered here, not by Jetty, whose log line would name the URI and so the token in it.
        opener.failed(response, callback, e);
      }
      return true;
    }
    if (HttpMethod.OPTIONS.is(request.getMethod())) {
      opener.preflight(request, response, callback);
      return true;
    }
    return super.handle(request, response, callback);
  }
}
