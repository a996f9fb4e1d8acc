package io.progressrelay.demo.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The old application's origin: a small web server of its own that serves the stand-in of the old
 * relay's browser client (test resources under {@code old-relay-client/}), so the page talks to the
 * relay from another origin, as the real application does.
 */
final class OldClientSite implements AutoCloseable {
  private static final String FOLDER = "old-relay-client/";
  private static final Map<String, String> FILES =
      Map.of(
          "/index.html", "text/html;charset=utf-8",
          "/app.js", "text/javascript;charset=utf-8",
          "/old-relay-client.js", "text/javascript;charset=utf-8");

  private final HttpServer server;
  private final AtomicInteger loads = new AtomicInteger();

  private OldClientSite(HttpServer server) {
    this.server = server;
  }

  static OldClientSite start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", OldClientSite::serve);
      server.start();
      return new OldClientSite(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the old application's web server", e);
    }
  }

  /**
   * The page, connecting to {@code relaySocket} with {@code token}; a new URL each time, so that
   * opening it loads the page afresh rather than only moving to another fragment.
   */
  String pageUrl(String relaySocket, String token) {
    return "http://127.0.0.1:"
        + server.getAddress().getPort()
        + "/index.html?load="
        + loads.incrementAndGet()
        + "#relay="
        + relaySocket
        + "&token="
        + token;
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String type = FILES.get(path);
      if (type == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in =
          OldClientSite.class.getClassLoader().getResourceAsStream(FOLDER + path.substring(1))) {
        body = in.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
