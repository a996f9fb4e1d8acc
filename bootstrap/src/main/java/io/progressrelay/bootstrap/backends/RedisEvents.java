package io.progressrelay.bootstrap.backends;

import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.util.Objects;

/** Events and other instances' audience changes from Redis pub/sub, through the listener. */
public record RedisEvents(RedisProgressListener listener) implements EventSource {
  public RedisEvents {
    Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    listener.start(events, remoteChanges);
  }

  @Override
  public boolean isConnected() {
    return listener.isConnected();
  }

  @Override
  public void close() {
    listener.close();
  }
}
