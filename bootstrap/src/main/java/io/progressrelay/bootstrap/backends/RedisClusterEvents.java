package io.progressrelay.bootstrap.backends;

import io.progressrelay.adapter.in.redis.RedisClusterListener;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.util.Objects;

/** Events and other instances' audience changes from a Redis Cluster's sharded pub/sub. */
public record RedisClusterEvents(RedisClusterListener listener) implements EventSource {
  public RedisClusterEvents {
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
