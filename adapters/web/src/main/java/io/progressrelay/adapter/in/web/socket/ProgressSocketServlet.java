package io.progressrelay.adapter.in.web.socket;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * Serves the WebSocket paths with Jetty's own WebSocket API rather than Javalin's {@code ws()}
 * routes: Javalin hides inbound ping and pong frames, and a pong must count as a sign of life.
 * Applies the inbound size limit; a plain GET gets 426.
 */
final class ProgressSocketServlet extends JettyWebSocketServlet {
  private static final long serialVersionUID = 1L;

  private final transient WebSocketSettings settings;
  private final transient SocketUpgrade upgrade;

  ProgressSocketServlet(WebSocketSettings settings, SocketUpgrade upgrade) {
    this.settings = settings;
    this.upgrade = upgrade;
  }

  @Override
  protected void configure(JettyWebSocketServletFactory factory) {
    int max = settings.maxTextFrameBytes();
    factory.setMaxTextMessageSize(max);
    factory.setMaxBinaryMessageSize(max);
    factory.setMaxFrameSize(max);
    // Jetty's own idle timeout counts our pings as activity; it only backs up the idle check.
    factory.setIdleTimeout(settings.idleTimeout().multipliedBy(2));
    factory.setCreator(upgrade);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setStatus(426);
    response.setHeader("Upgrade", "websocket");
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"error\":{\"code\":\"upgrade_required\","
                + "\"message\":\"this path speaks WebSocket only\"}}");
  }
}
