package io.progressrelay.bootstrap.backends;

import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.ChannelInterest;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.IdempotencyStore;
import java.util.List;
import java.util.Objects;

/**
 * Where upload workers' events come from (and, in interest mode, which channels they come from),
 * where committed audience changes are announced to the other instances, and where events sent over
 * HTTP are published, with the readiness checks that watch them. Closing it stops the announcer and
 * the publisher; the event source is closed on its own, earlier, so no event arrives after the
 * engine stopped.
 */
public record EventBus(
    EventSource events,
    AudienceChangeSink announcer,
    List<ReadinessCheck> readinessChecks,
    AutoCloseable announcerResources,
    EventPublisher publisher,
    IdempotencyStore idempotencyKeys,
    AutoCloseable publishingResources,
    ChannelInterest interest)
    implements AutoCloseable {
  public EventBus {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(announcer, "announcer");
    readinessChecks = List.copyOf(readinessChecks);
    Objects.requireNonNull(announcerResources, "announcerResources");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
    Objects.requireNonNull(publishingResources, "publishingResources");
    Objects.requireNonNull(interest, "interest");
  }

  /** A bus that cannot publish events sent over HTTP (they are answered 503). */
  public EventBus(
      EventSource events,
      AudienceChangeSink announcer,
      List<ReadinessCheck> readinessChecks,
      AutoCloseable announcerResources) {
    this(
        events,
        announcer,
        readinessChecks,
        announcerResources,
        EventPublisher.NONE,
        IdempotencyStore.NONE,
        () -> {},
        ChannelInterest.EVERYTHING);
  }

  @Override
  public void close() throws Exception {
    try (publishingResources) {
      announcerResources.close();
    }
  }
}
