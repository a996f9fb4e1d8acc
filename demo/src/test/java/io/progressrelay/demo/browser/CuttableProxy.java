package io.progressrelay.demo.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the relay whose connections a test can cut, as a network that drops them:
 * every open connection is reset at once, and new ones are reset on arrival until the test heals
 * it. The browser opens its pages and sockets through it, so the relay and the client both see the
 * drop (the client a 1006, the relay a reset), while the relay keeps running.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean blockWebSockets;

  private CuttableProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Starts a proxy on a free port of 127.0.0.1 to {@code targetPort} there. */
  static CuttableProxy to(int targetPort) {
    try {
      var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      var proxy = new CuttableProxy(server, targetPort);
      daemon("cuttable-proxy", proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<proxy port><pathAndQuery>}. */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getLocalPort() + pathAndQuery;
  }

  /** Resets every open connection, and every new one until {@link #heal()}. */
  void cut() {
    cut = true;
    open.forEach(CuttableProxy::reset);
  }

  /**
   * From now on refuses (resets) every connection whose first request asks for a WebSocket, as
   * proxies that do not let WebSockets through do; other requests pass.
   */
  void blockWebSockets() {
    blockWebSockets = true;
  }

  /** Lets connections through again. */
  void heal() {
    cut = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        reset(client);
        continue;
      }
      open.add(client);
      daemon("cuttable-proxy-connect", () -> connect(client));
    }
  }

  // Reads the first request's head to refuse WebSocket upgrades when asked to, then joins the
  // connection to one of its own to the target.
  private void connect(Socket client) {
    try {
      byte[] head = blockWebSockets ? requestHead(client.getInputStream()) : new byte[0];
      String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (cut || text.contains("\r\nupgrade: websocket")) {
        reset(client);
        open.remove(client);
        return;
      }
      var upstream = new Socket();
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
      open.add(upstream);
      upstream.getOutputStream().write(head);
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException e) {
      reset(client);
      open.remove(client);
    }
  }

  private static byte[] requestHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length && head.size() < 64 * 1024) {
      int next = in.read();
      if (next < 0) {
        break;
      }
      head.write(next);
      matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private void pump(Socket from, Socket to) {
    daemon(
        "cuttable-proxy-pump",
        () -> {
          byte[] buffer = new byte[16 * 1024];
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
              out.write(buffer, 0, read);
              out.flush();
            }
          } catch (IOException e) {
            // cut, or the other side closed
          } finally {
            reset(from);
            reset(to);
            open.remove(from);
            open.remove(to);
          }
        });
  }

  private static void daemon(String name, Runnable run) {
    var thread = new Thread(run, name);
    thread.setDaemon(true);
    thread.start();
  }

  // Closes with a reset (no orderly FIN): the connection drops as a broken network drops it.
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    cut();
  }
}
