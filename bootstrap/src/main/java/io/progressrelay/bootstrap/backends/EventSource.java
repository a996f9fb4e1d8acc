package io.progressrelay.bootstrap.backends;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.time.Duration;

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

  /**
   * Waits up to {@code timeout} until the events written before the source started (a stream's
   * backlog) have been handed over; true when they have. Sources without a backlog answer at once.
   */
  default boolean awaitCaughtUp(Duration timeout) {
    return true;
  }

  @Override
  void close();
}
