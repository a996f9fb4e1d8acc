package io.progressrelay.bootstrap.backends;

import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.adapter.in.redis.RedisStreamReader;
import io.progressrelay.adapter.in.redis.StreamCheckpointSaver;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams mode: events from a Redis stream through the reader, other instances' audience changes
 * from pub/sub through a listener that follows the control channel alone, and the saver of the
 * stream's checkpoint. Closing it stops the reader and the listener; the saver is closed by the
 * application after the engine's last write of latest state, so that write is covered.
 */
public record RedisStreamEvents(
    RedisProgressListener listener, RedisStreamReader reader, StreamCheckpointSaver checkpoints)
    implements EventSource {
  public RedisStreamEvents {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(checkpoints, "checkpoints");
  }

  @Override
  public void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    listener.start(events, remoteChanges); // subscribed to no event channel: relays nothing
    // While the listener is away, audience changes are missed: hold the events until it is back
    // and has reloaded the audiences, as in pub/sub mode, where both share one connection.
    reader.readOnlyWhile(listener::isConnected);
    reader.start(events);
  }

  @Override
  public boolean isConnected() {
    return listener.isConnected() && reader.isConnected();
  }

  @Override
  public boolean awaitCaughtUp(Duration timeout) {
    return reader.awaitCaughtUp(timeout);
  }

  @Override
  public void close() {
    reader.close();
    listener.close();
  }
}
