package io.progressrelay.application.port.out.publish;

import io.progressrelay.domain.OutgoingEvent;
import io.progressrelay.domain.PublishedEvent;
import java.util.List;

/**
 * Publishes events on the bus every relay instance reads (Redis {@code PUBLISH} or {@code XADD}),
 * under the same rules the instances apply to what they read, so an accepted event is relayed.
 */
public interface EventPublisher {
  /**
   * Checks every event as a relay instance would check it when reading it.
   *
   * @throws InvalidEventException for the first event that would be dropped
   */
  void validate(List<OutgoingEvent> events);

  /**
   * Validates, then publishes all events in order, all or none; returns one answer per event.
   *
   * @throws InvalidEventException before anything is published
   * @throws PublishUnavailableException when the bus cannot be reached; nothing, or (when the
   *     connection failed while Redis ran the batch) everything was published
   */
  List<PublishedEvent> publish(List<OutgoingEvent> events);

  /** A publisher for deployments without a bus (the in-memory demo): always unavailable. */
  EventPublisher NONE =
      new EventPublisher() {
        @Override
        public void validate(List<OutgoingEvent> events) {}

        @Override
        public List<PublishedEvent> publish(List<OutgoingEvent> events) {
          throw new PublishUnavailableException("this relay has no Redis to publish to", null);
        }
      };
}
