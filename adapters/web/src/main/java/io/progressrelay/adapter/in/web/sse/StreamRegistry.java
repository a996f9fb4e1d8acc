package io.progressrelay.adapter.in.web.sse;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The streams open on this endpoint, so a stop can end them all. Thread-safe. */
final class StreamRegistry {
  private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
  private final Object emptied = new Object();

  void add(EventStream stream) {
    open.add(stream);
  }

  void remove(EventStream stream) {
    if (open.remove(stream) && open.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  int size() {
    return open.size();
  }

  List<EventStream> snapshot() {
    return List.copyOf(open);
  }

  /** Waits until no stream is left or {@code timeout} passed; true when none is left. */
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
