package io.progressrelay.bootstrap.backends;

import io.progressrelay.adapter.in.redis.RedisStreamReader;
import io.progressrelay.adapter.in.redis.StreamCheckpointSaver;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams mode: events and other instances' audience changes from a Redis stream through the
 * reader, and the saver of the stream's checkpoint. Closing it stops the reader; the saver is
 * closed by the application after the engine's last write of latest state, so that write is
 * covered.
 */
public record RedisStreamEvents(RedisStreamReader reader, StreamCheckpointSaver checkpoints)
    implements EventSource {
  public RedisStreamEvents {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(checkpoints, "checkpoints");
  }

  @Override
  public void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    reader.start(events, remoteChanges);
  }

  @Override
  public boolean isConnected() {
    return reader.isConnected();
  }

  @Override
  public boolean awaitCaughtUp(Duration timeout) {
    return reader.awaitCaughtUp(timeout);
  }

  @Override
  public void close() {
    reader.close();
  }
}
