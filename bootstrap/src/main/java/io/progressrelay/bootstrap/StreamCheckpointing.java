package io.progressrelay.bootstrap;

import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.bootstrap.backends.RedisStreamEvents;

/**
 * In streams mode, hands the stream's checkpoint saver each position the engine reports as stored
 * (every event up to it has its latest state in storage). Started before the engine so that it
 * stops after it: the engine's last write of latest state reports a last position, which closing
 * the saver then saves.
 */
final class StreamCheckpointing implements AutoCloseable {
  private RedisStreamEvents stream; // guarded by this; null in pub/sub mode

  /** Has the checkpoint of {@code stream} follow what {@code engine} stores. */
  synchronized void follow(RedisStreamEvents stream, FanOutEngine engine) {
    this.stream = stream;
    engine.onLatestStored(stream.checkpoints()::checkpointReached);
  }

  @Override
  public synchronized void close() {
    if (stream != null) {
      stream.checkpoints().close();
    }
  }
}
