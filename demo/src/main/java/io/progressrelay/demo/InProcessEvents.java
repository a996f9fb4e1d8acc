package io.progressrelay.demo;

import io.progressrelay.adapter.in.memory.InProcessEventSource;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.bootstrap.backends.EventSource;
import java.util.Objects;

/**
 * Events published in this process (the demo's); a single instance hears of no audience changes
 * from elsewhere, so {@code remoteChanges} is never called.
 */
record InProcessEvents(InProcessEventSource source) implements EventSource {
  InProcessEvents {
    Objects.requireNonNull(source, "source");
  }

  @Override
  public void start(RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    source.start(events);
  }

  @Override
  public boolean isConnected() {
    return source.isConnected();
  }

  @Override
  public void close() {
    source.close();
  }
}
