package io.progressrelay.bootstrap.backends;

import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.List;
import java.util.Objects;

/**
 * Where upload workers' events come from and where committed audience changes are announced to the
 * other instances, with the readiness checks that watch both. Closing it stops the announcer; the
 * event source is closed on its own, earlier, so no event arrives after the engine stopped.
 */
public record EventBus(
    EventSource events,
    AudienceChangeSink announcer,
    List<ReadinessCheck> readinessChecks,
    AutoCloseable announcerResources)
    implements AutoCloseable {
  public EventBus {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(announcer, "announcer");
    readinessChecks = List.copyOf(readinessChecks);
    Objects.requireNonNull(announcerResources, "announcerResources");
  }

  @Override
  public void close() throws Exception {
    announcerResources.close();
  }
}
