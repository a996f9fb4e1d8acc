package io.progressrelay.adapter.in.redis;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a stream's checkpoint behind the reading: {@link #checkpointReached} only remembers the
 * newest position reported (it never moves back), and a daemon thread ({@code stream-checkpoint})
 * stores it at most once per interval; a failed save is logged once per run of failures and tried
 * again at the next tick, and {@link #close()} tries one last time. Thread-safe.
 */
public final class StreamCheckpointSaver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamCheckpointSaver.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private final StreamCheckpoints checkpoints;
  private final String streamKey;
  private final AtomicReference<Position> reached = new AtomicReference<>();
  private final AtomicLong failures = new AtomicLong();
  private final ScheduledExecutorService timer;
  private Position saved; // guarded by this
  private boolean failing; // guarded by this

  /** Saves the checkpoint of {@code streamKey} every {@code interval} when it moved. */
  public StreamCheckpointSaver(StreamCheckpoints checkpoints, String streamKey, Duration interval) {
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.streamKey = Objects.requireNonNull(streamKey, "streamKey");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              var thread = new Thread(runnable, "stream-checkpoint");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::save, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Everything read from the stream up to {@code position} has its latest state in storage: a
   * restart may resume after it. Returns at once; the save follows within the interval.
   */
  public void checkpointReached(Position position) {
    if (!position.isStreamEntry()) {
      throw new IllegalArgumentException("a stream checkpoint is a stream entry id: " + position);
    }
    reached.accumulateAndGet(
        position,
        (current, offered) -> current == null || offered.isAfter(current) ? offered : current);
  }

  /** The newest position reported so far, saved or not. */
  public Optional<Position> reached() {
    return Optional.ofNullable(reached.get());
  }

  /** Saves that were tried and failed, for metrics. */
  public long failures() {
    return failures.get();
  }

  /** Stores the newest reported position if it moved since the last save; false if that failed. */
  synchronized boolean save() {
    Position newest = reached.get();
    if (newest == null || newest.equals(saved)) {
      return true;
    }
    try {
      checkpoints.advance(streamKey, newest);
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        log.warn(
            "Cannot save the checkpoint of stream {}, will retry: {}", streamKey, e.getMessage());
        failing = true;
      }
      return false;
    }
    saved = newest;
    if (failing) {
      log.info("Saving the checkpoint of stream {} again", streamKey);
      failing = false;
    }
    return true;
  }

  /** Stops the timer and saves what was reported last. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!save()) {
      log.warn("The last checkpoint of stream {} was not saved: {}", streamKey, reached.get());
    }
  }
}
