package io.progressrelay.adapter.in.memory;

import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driving adapter without Redis, for the demo and tests: events {@link #publish published} in
 * this process are handed to the relay use case on one daemon thread ({@code in-process-events}),
 * in publish order, as the Redis listener would. There are no other instances, so no audience
 * changes arrive. Thread-safe.
 */
public final class InProcessEventSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessEventSource.class);
  private static final int BACKLOG = 10_000;

  private final Clock clock;
  private final BlockingQueue<ProgressEvent> queue = new ArrayBlockingQueue<>(BACKLOG);
  private final AtomicLong dropped = new AtomicLong();
  private Thread thread; // guarded by this
  private volatile boolean closed;
  private volatile Predicate<String> wanted = key -> true;
  private final AtomicLong unwanted = new AtomicLong();

  public InProcessEventSource(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts handing published events to {@code events}; once, and not after {@link #close()}. */
  public synchronized void start(RelayEventUseCase events) {
    Objects.requireNonNull(events, "events");
    if (thread != null || closed) {
      throw new IllegalStateException(
          "the event source can be started once, and not after close()");
    }
    thread = new Thread(() -> deliver(events), "in-process-events");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues one event as an upload worker would publish it on {@code channel}; {@code batchId} and
   * {@code fileUploadId} are the payload's {@code batch_id} and {@code upload_id}, or null. Returns
   * false (and counts the event as dropped) when the source is closed or {@value #BACKLOG} events
   * already wait.
   */
  public boolean publish(
      EventChannel channel, String action, String batchId, String fileUploadId, String payload) {
    if (closed) {
      return false;
    }
    var event =
        ProgressEvent.of(
            channel, action, batchId, fileUploadId, payload, clock.instant(), System.nanoTime());
    if (queue.offer(event)) {
      return true;
    }
    if (dropped.incrementAndGet() == 1) {
      LOG.warn("In-process event backlog is full ({} events); dropping events", BACKLOG);
    }
    return false;
  }

  /**
   * Hands over only the events of channels {@code wanted} accepts (by key, {@code upload:{id}} /
   * {@code user:{id}}), as Redis delivers only subscribed channels in interest mode; the demo
   * passes its {@code InMemoryChannelInterest}. The others are counted ({@link #unwanted()}).
   */
  public void receiveOnly(Predicate<String> wanted) {
    this.wanted = Objects.requireNonNull(wanted, "wanted");
  }

  /** Events not handed over because no one here wanted their channel. */
  public long unwanted() {
    return unwanted.get();
  }

  /** Events that could not be queued. */
  public long dropped() {
    return dropped.get();
  }

  /** True while started and not closed: published events reach the use case. */
  public boolean isConnected() {
    Thread running;
    synchronized (this) {
      running = thread;
    }
    return !closed && running != null && running.isAlive();
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void deliver(RelayEventUseCase events) {
    while (!closed) {
      ProgressEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (!wanted.test(event.channel().key())) {
        unwanted.incrementAndGet();
        continue;
      }
      try {
        events.relay(event);
      } catch (RuntimeException e) {
        LOG.warn("Relaying an in-process event on {} failed", event.channel().name(), e);
      }
    }
  }
}
