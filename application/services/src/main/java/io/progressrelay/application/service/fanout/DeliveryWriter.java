package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.DisconnectReason;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery thread and the connections sharded to it: it owns their socket writes. Other threads
 * only queue frames on a connection and, when it was idle, hand it over here; this thread then
 * gives each connection ready to write a turn, in the order they became ready, and hands the frames
 * its turn took to the socket together, as one batch. A write never blocks this thread: a socket
 * whose buffer is full completes its write later, from whichever thread sees it drain, and until
 * then its connection simply gets no turn. Thread-safe: {@link #schedule} from any thread.
 */
final class DeliveryWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWriter.class);

  // The connections ready for a turn, newest first, linked through
  // QueuedClientConnection.nextReady: a
  // hand-over is one compare-and-set, with nothing allocated per connection or per frame.
  private final AtomicReference<QueuedClientConnection> ready = new AtomicReference<>();
  private final WriteBatch batch = new WriteBatch();
  private final DeliveryCounters counters;
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean running = true;

  DeliveryWriter(String name, DeliveryCounters counters) {
    this.counters = counters;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Hands over a connection that has frames to write (or a disconnect to make) and is not already
   * waiting here; its caller marked it scheduled under the connection's lock, so a connection is in
   * the list at most once.
   */
  void schedule(QueuedClientConnection connection) {
    QueuedClientConnection first;
    do {
      first = ready.get();
      connection.nextReady = first;
    } while (!ready.compareAndSet(first, connection));
    // Only the hand-over that makes the list non-empty can find the thread asleep.
    if (first == null && sleeping) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    while (running) {
      QueuedClientConnection newestFirst = ready.getAndSet(null);
      if (newestFirst == null) {
        sleep();
        continue;
      }
      QueuedClientConnection next;
      for (QueuedClientConnection connection = oldestFirst(newestFirst);
          connection != null;
          connection = next) {
        next = connection.nextReady; // read before the turn: afterwards it may be handed over again
        connection.nextReady = null;
        turn(connection);
      }
    }
  }

  // Sleeping is announced before the last look at the list, and a hand-over looks at the flag after
  // linking its connection in, so one of the two always sees the other.
  private void sleep() {
    sleeping = true;
    if (ready.get() == null && running) {
      LockSupport.park(this);
    }
    sleeping = false;
  }

  private static QueuedClientConnection oldestFirst(QueuedClientConnection newestFirst) {
    QueuedClientConnection reversed = null;
    QueuedClientConnection connection = newestFirst;
    while (connection != null) {
      QueuedClientConnection next = connection.nextReady;
      connection.nextReady = reversed;
      reversed = connection;
      connection = next;
    }
    return reversed;
  }

  private void turn(QueuedClientConnection connection) {
    try {
      switch (connection.takeTurn(batch)) {
        case WRITE -> write(connection);
        case SLOW_CONSUMER -> connection.socket().disconnect(DisconnectReason.SLOW_CONSUMER);
        case NOTHING -> {
          // a write is still in flight, or the connection closed since it was handed over
        }
      }
    } catch (RuntimeException e) {
      // A fault of one connection must not end the thread that serves all of its shard.
      LOG.error("Delivery to {} failed; closing it", connection.socket(), e);
      connection.close();
    } finally {
      batch.clear();
    }
  }

  private void write(QueuedClientConnection connection) {
    counters.wrote();
    try {
      connection.socket().write(batch, connection);
    } catch (RuntimeException e) {
      // The connection waits for the callback before its next turn: it must hear of every outcome.
      connection.completed(e);
      return;
    }
    connection.batchHandedOver();
  }

  /** Stops the thread after the turn it is taking; connections still ready get no further turn. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return thread.getName();
  }
}
