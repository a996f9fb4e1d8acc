package io.progressrelay.application.service.history;

import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.application.port.out.history.DeliveryHistoryStore;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes delivery outcomes from the fan-out path without ever blocking it, one hand-off per event
 * whatever its number of recipients, and writes them to the history store in batches from one
 * background thread, which also builds the records and folds runs of replaced frames. When the
 * store is slow or down the buffer, bounded in outcomes, fills; what does not fit is counted, never
 * waited for, and reported as a gap once writing resumes. Thread-safe.
 */
public final class DeliveryHistoryRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryHistoryRecorder.class);
  private static final long MAX_RETRY_MILLIS = 5_000;

  private final DeliveryHistoryStore store;
  private final HistoryLevel level;
  private final Clock clock;
  private final String instanceId;
  private final int batchSize;
  private final Duration flushInterval;
  private final int capacity;
  // Unbounded as a queue, bounded by `buffered`: an offer never waits for room, and one broadcast
  // event counts as the outcomes it carries, not as one entry.
  private final BlockingQueue<SettledEvent> buffer = new LinkedBlockingQueue<>();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private volatile boolean running = true;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private Instant gapStart;
  private Instant gapEnd;
  private long gapLost;

  public DeliveryHistoryRecorder(
      DeliveryHistoryStore store,
      HistoryLevel level,
      Clock clock,
      String instanceId,
      int capacity,
      int batchSize,
      Duration flushInterval) {
    this.store = store;
    this.level = level;
    this.clock = clock;
    this.instanceId = instanceId;
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
    this.capacity = capacity;
    this.writer = new Thread(this::writeLoop, "history-writer");
    writer.setDaemon(true);
    if (level != HistoryLevel.OFF) {
      writer.start();
    }
  }

  public HistoryLevel level() {
    return level;
  }

  public String instanceId() {
    return instanceId;
  }

  /** How many outcomes the buffer holds before further ones are lost. */
  public int capacity() {
    return capacity;
  }

  /** Queues one outcome; returns at once. An outcome the level excludes is ignored. */
  public void record(EventRecord event, DeliveryRecord delivery, EventKind kind) {
    record(SettledEvent.of(event, delivery, kind));
  }

  /**
   * Queues the outcomes of one event, all of its recipients at once; returns at once, never waiting
   * for room. Outcomes the level excludes are ignored; when the rest do not fit in the buffer they
   * are all lost (and counted), never some of them.
   */
  public void record(SettledEvent settled) {
    int outcomes = recordedOutcomes(settled);
    if (outcomes == 0) {
      return;
    }
    recorded.addAndGet(outcomes);
    if (buffered.addAndGet(outcomes) > capacity) {
      buffered.addAndGet(-outcomes);
      lost(outcomes);
      return;
    }
    buffer.offer(settled);
  }

  // At `all` every outcome; at `terminal` a progress event's non-deliveries only. No allocation.
  private int recordedOutcomes(SettledEvent settled) {
    if (level == HistoryLevel.ALL) {
      return settled.outcomes();
    }
    int recorded = 0;
    for (int i = 0; i < settled.outcomes(); i++) {
      if (level.records(settled.kind(), settled.outcome(i))) {
        recorded++;
      }
    }
    return recorded;
  }

  private synchronized void lost(int outcomes) {
    lost.addAndGet(outcomes);
    Instant now = clock.instant();
    if (gapStart == null) {
      gapStart = now;
      LOG.warn("Delivery history buffer is full: outcomes are being dropped, not recorded");
    }
    gapEnd = now;
    gapLost += outcomes;
  }

  private void writeLoop() {
    List<SettledEvent> batch = new ArrayList<>();
    long retryMillis = 0;
    while (running || !buffer.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          SettledEvent first = buffer.poll(flushInterval.toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            reportGap();
            continue;
          }
          linger(batch, first);
        }
        write(batch);
        batch.clear();
        retryMillis = 0;
        reportGap();
      } catch (InterruptedException e) {
        running = false;
      } catch (StorageUnavailableException e) {
        retryMillis = retryMillis == 0 ? 100 : Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
        LOG.warn(
            "Cannot write delivery history (retrying in {} ms): {}", retryMillis, e.getMessage());
        if (!pause(retryMillis)) {
          LOG.warn(
              "Stopping with {} delivery outcomes not recorded: the history store is unreachable",
              outcomesOf(batch) + buffered.get());
          return;
        }
      } catch (RuntimeException e) {
        // A batch the store refuses for good must not block every later one: drop it, say so.
        int outcomes = outcomesOf(batch);
        LOG.error("Delivery history refused a batch of {} outcomes; dropping it", outcomes, e);
        lost(outcomes);
        batch.clear();
      }
    }
  }

  // Builds the records of the recorded outcomes here, on the writer's thread, then folds runs.
  private void write(List<SettledEvent> batch) {
    List<DeliveryView> outcomes = new ArrayList<>();
    for (SettledEvent settled : batch) {
      for (int i = 0; i < settled.outcomes(); i++) {
        if (level.records(settled.kind(), settled.outcome(i))) {
          outcomes.add(new DeliveryView(settled.event(), settled.record(i)));
        }
      }
    }
    Map<String, EventRecord> events = new LinkedHashMap<>();
    List<DeliveryRecord> deliveries = new ArrayList<>(outcomes.size());
    for (DeliveryView view : OutcomeRuns.summarized(outcomes)) {
      events.putIfAbsent(view.event().eventId(), view.event());
      deliveries.add(view.delivery());
    }
    store.append(List.copyOf(events.values()), deliveries);
    written.addAndGet(outcomes.size());
  }

  private int outcomesOf(List<SettledEvent> batch) {
    int outcomes = 0;
    for (SettledEvent settled : batch) {
      outcomes += recordedOutcomes(settled);
    }
    return outcomes;
  }

  // Once writing works again, say what was lost and when, so query answers can warn about it.
  private void reportGap() {
    HistoryGap gap;
    synchronized (this) {
      if (gapStart == null || !buffer.isEmpty()) {
        return;
      }
      gap = new HistoryGap(instanceId, gapStart, gapEnd, gapLost);
    }
    store.recordGap(gap);
    synchronized (this) {
      LOG.warn(
          "Delivery history incomplete between {} and {}: {} outcomes not recorded",
          gap.from(),
          gap.to(),
          gap.lostOutcomes());
      gapLost -= gap.lostOutcomes();
      gapStart = gapLost == 0 ? null : gapEnd;
    }
  }

  /**
   * Lets a batch gather for up to one flush interval (or until it is full) before it is written: a
   * steady trickle of outcomes then goes out in a few large COPYs instead of hundreds of one-row
   * transactions a second, and while this thread sleeps the fan-out path's offers wake nobody.
   */
  private void linger(List<SettledEvent> batch, SettledEvent first) {
    long deadline = System.nanoTime() + flushInterval.toNanos();
    int outcomes = take(batch, first);
    outcomes += drain(batch, outcomes);
    while (outcomes < batchSize && running) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMillis <= 0 || !pause(Math.min(leftMillis, 50))) {
        break;
      }
      outcomes += drain(batch, outcomes);
    }
    drain(batch, outcomes);
  }

  // Moves events from the buffer into the batch until it holds batchSize outcomes (an event is
  // never split, so a broadcast may overshoot); returns the outcomes moved.
  private int drain(List<SettledEvent> batch, int inBatch) {
    int moved = 0;
    SettledEvent next;
    while (inBatch + moved < batchSize && (next = buffer.poll()) != null) {
      moved += take(batch, next);
    }
    return moved;
  }

  private int take(List<SettledEvent> batch, SettledEvent settled) {
    int outcomes = recordedOutcomes(settled);
    buffered.addAndGet(-outcomes);
    batch.add(settled);
    return outcomes;
  }

  // False when the recorder is stopping (or interrupted) instead of waiting the full delay.
  private boolean pause(long millis) {
    try {
      return !stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      running = false;
      return false;
    }
  }

  /** Outcomes accepted, dropped because the buffer was full, and written so far. */
  public HistoryStats stats() {
    return new HistoryStats(recorded.get(), lost.get(), written.get(), (int) buffered.get());
  }

  /**
   * Writes what is buffered (for at most a few seconds), then stops the writer; while the store is
   * unreachable it stops at once and logs how many outcomes went unrecorded.
   */
  @Override
  public void close() {
    running = false;
    stopping.countDown();
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }
}
