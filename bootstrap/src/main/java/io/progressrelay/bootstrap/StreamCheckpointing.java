package io.progressrelay.bootstrap;

import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.bootstrap.backends.RedisStreamEvents;
import io.progressrelay.domain.Position;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In streams mode, tells the checkpoint saver which stream entries have their latest state stored:
 * every second it notes the last entry the reader handed to the engine, has the engine write the
 * latest state waiting, and, if no write failed meanwhile, reports that entry. Started before the
 * engine so it stops after it, reporting the entry covered by the engine's last write and saving
 * it. A stand-in until the engine reports the positions it stored itself: events still waiting for
 * their upload's audience to load when the entry is reported are not covered.
 */
final class StreamCheckpointing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamCheckpointing.class);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private FanOutEngine engine; // set once by follow()
  private RedisStreamEvents stream;
  private PeriodicTask task;

  /** Starts following {@code stream}'s reader for {@code engine}. */
  synchronized void follow(RedisStreamEvents stream, FanOutEngine engine) {
    this.stream = stream;
    this.engine = engine;
    task = new PeriodicTask("stream-checkpointing", INTERVAL, this::checkpointLatestStored);
  }

  private void checkpointLatestStored() {
    Optional<Position> handedOver = stream.reader().lastHandedOver();
    if (handedOver.isEmpty()) {
      return;
    }
    long failuresBefore = engine.stats().latestEventWriteFailures();
    engine.flushLatestEvents();
    if (engine.stats().latestEventWriteFailures() == failuresBefore) {
      stream.checkpoints().checkpointReached(handedOver.get());
    }
  }

  /**
   * Runs after the engine closed, which wrote the latest state a last time: the reader is stopped,
   * so the last entry it handed over is covered unless that write failed.
   */
  @Override
  public synchronized void close() throws InterruptedException {
    if (task == null) {
      return;
    }
    task.close();
    try {
      checkpointLatestStored();
    } catch (RuntimeException e) {
      LOG.warn("Could not write the latest state a last time: {}", e.getMessage());
    }
    stream.checkpoints().close();
  }
}
