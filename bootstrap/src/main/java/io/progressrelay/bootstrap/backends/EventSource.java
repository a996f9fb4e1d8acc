package io.progressrelay.bootstrap.backends;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;

/**
 * The driving adapter that feeds upload workers' events (and other instances' audience changes)
 * into the relay's use cases, as bootstrap starts and stops it; not a port, since the application
 * never calls it.
 */
public interface EventSource extends AutoCloseable {
  /** Starts feeding the use cases, on the source's own thread, until {@link #close()}. */
  void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges);

  /** True while events can arrive (for Redis: connected and subscribed). */
  boolean isConnected();

  @Override
  void close();
}
