package io.progressrelay.adapter.in.web;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections (sockets, event streams) open on one endpoint, so a stop can end them all and
 * wait until they are gone. Thread-safe.
 *
 * @param <T> the endpoint's connection
 */
public final class OpenConnections<T> {
  private final Set<T> open = ConcurrentHashMap.newKeySet();
  private final Object emptied = new Object();

  public void add(T connection) {
    open.add(connection);
  }

  public void remove(T connection) {
    if (open.remove(connection) && open.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  public int size() {
    return open.size();
  }

  public List<T> snapshot() {
    return List.copyOf(open);
  }

  /** Waits until no connection is left or {@code timeout} passed; true when none is left. */
  public boolean awaitEmpty(Duration timeout) throws InterruptedException {
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
