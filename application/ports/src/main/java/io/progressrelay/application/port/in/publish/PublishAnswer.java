package io.progressrelay.application.port.in.publish;

import io.progressrelay.domain.PublishedEvent;
import java.util.List;

/**
 * What was published, one item per event in request order; {@code replayed} when the answer is that
 * of an earlier request with the same idempotency key, and nothing was published now.
 */
public record PublishAnswer(List<PublishedEvent> events, boolean replayed) {
  public PublishAnswer {
    events = List.copyOf(events);
  }
}
