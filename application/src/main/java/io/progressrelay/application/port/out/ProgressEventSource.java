package io.progressrelay.application.port.out;

import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;

/**
 * Where upload workers' events come from (Redis pub/sub in production), together with the audience
 * changes other instances announce. The source calls the use cases on its own thread, in publish
 * order, and must never block on anything their consumers hold.
 */
public interface ProgressEventSource extends AutoCloseable {
  /** Starts listening; events and remote changes flow until {@link #close()}. */
  void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges);

  /** True while the source is connected and subscribed. */
  boolean isConnected();

  @Override
  void close();
}
