package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.LatestEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * An upload's registration and owner, its registration's latest event (null columns for none) and
 * its live subscribers.
 */
record AudienceRow(
    String uploadId,
    long registration,
    String ownerId,
    String latestEventAction,
    String latestEventPayload,
    Instant latestEventAt,
    String[] subscriberIds) {

  Optional<LatestEvent> latestEvent() {
    return latestEventAction == null
        ? Optional.empty()
        : Optional.of(new LatestEvent(latestEventAction, latestEventPayload, latestEventAt));
  }
}
