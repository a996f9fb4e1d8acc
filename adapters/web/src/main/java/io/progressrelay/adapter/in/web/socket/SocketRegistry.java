package io.progressrelay.adapter.in.web.socket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets open on this endpoint, so a stop can close them all. Thread-safe. */
final class SocketRegistry {
  private final Set<ClientSocketHandler> open = ConcurrentHashMap.newKeySet();
  private final Object emptied = new Object();

  void add(ClientSocketHandler socket) {
    open.add(socket);
  }

  void remove(ClientSocketHandler socket) {
    if (open.remove(socket) && open.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  int size() {
    return open.size();
  }

  List<ClientSocketHandler> snapshot() {
    return List.copyOf(open);
  }

  /** Waits until no socket is left or {@code timeout} passed; true when none is left. */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (emptied) {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        emptied.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }
}
