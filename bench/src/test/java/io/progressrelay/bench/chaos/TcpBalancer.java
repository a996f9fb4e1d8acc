package io.progressrelay.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A TCP load balancer in front of the relays, as a real one would stand: each accepted connection
 * goes to the next backend round robin, preferring backends whose last {@code /readyz} answered
 * ready (a health-checked pool) and falling back to any that accepts when none is; a refused
 * backend is skipped. Bytes are piped both ways; when either side ends, both are closed, so a
 * killed relay's clients see their sockets drop at once. Existing connections are never moved.
 */
final class TcpBalancer implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Integer> backends;
  private final IntPredicate ready;
  private final AtomicInteger next = new AtomicInteger();
  private final List<Socket> open = new ArrayList<>();
  private final Thread acceptor;

  /** Listens on a free loopback port for {@code backends} (ports); {@code ready} says by index. */
  TcpBalancer(List<Integer> backends, IntPredicate ready) throws IOException {
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.backends = List.copyOf(backends);
    this.ready = ready;
    this.acceptor = new Thread(this::acceptLoop, "balancer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread piping = new Thread(() -> route(client), "balancer-route");
        piping.setDaemon(true);
        piping.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void route(Socket client) {
    Socket backend = connectToABackend();
    if (backend == null) {
      closeQuietly(client);
      return;
    }
    synchronized (open) {
      open.add(client);
      open.add(backend);
    }
    Thread back = pipe(backend, client);
    Thread forth = pipe(client, backend);
    try {
      back.join();
      forth.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (open) {
      open.remove(client);
      open.remove(backend);
    }
  }

  private Socket connectToABackend() {
    int first = Math.floorMod(next.getAndIncrement(), backends.size());
    for (boolean readyOnly : new boolean[] {true, false}) {
      for (int i = 0; i < backends.size(); i++) {
        int index = (first + i) % backends.size();
        if (readyOnly && !ready.test(index)) {
          continue;
        }
        try {
          Socket socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress("127.0.0.1", backends.get(index)), 1000);
          return socket;
        } catch (IOException refused) {
          // Skipped, as a balancer skips a dead backend.
        }
      }
    }
    return null;
  }

  // Copies from -> to on a thread of its own; when either ends, both sockets close.
  private static Thread pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ended) {
                // Either side went away.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "balancer-pipe");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (open) {
      open.forEach(TcpBalancer::closeQuietly);
    }
  }
}
