package io.progressrelay.adapter.in.web.sse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An event-stream client that sends its request and never reads a byte of the answer, as a browser
 * tab whose network stalled: once the socket buffers are full, every write to it stays in flight.
 */
final class StalledStreamReader implements AutoCloseable {
  private final Socket socket = new Socket();

  StalledStreamReader(int port, String token) {
    try {
      socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      String request =
          "GET "
              + EventStreamEndpoint.PATH
              + "?token="
              + token
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // gone already
    }
  }
}
