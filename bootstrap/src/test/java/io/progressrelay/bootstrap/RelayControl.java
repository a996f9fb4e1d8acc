package io.progressrelay.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP endpoint through which tests in another process (the browser client's Node tests)
 * stop and start a {@link RelayUnderTest}: {@code POST /stop}, {@code POST /start}, each answered
 * 204 once done, or 500 with the failure.
 */
final class RelayControl implements AutoCloseable {
  private final HttpServer server;

  RelayControl(RelayUnderTest relay) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the relay's control endpoint", e);
    }
    server.createContext("/stop", exchange -> run(exchange, relay::stop));
    server.createContext("/start", exchange -> run(exchange, relay::startAgain));
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void run(HttpExchange exchange, Runnable action) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      try {
        action.run();
        exchange.sendResponseHeaders(204, -1);
      } catch (RuntimeException e) {
        byte[] body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
