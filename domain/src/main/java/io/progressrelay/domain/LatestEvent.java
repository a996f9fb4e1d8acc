package io.progressrelay.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The most recent event published for an upload, kept verbatim so late subscribers can catch up.
 */
public record LatestEvent(String action, String payload, Instant receivedAt) {
  public LatestEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public boolean isTerminal() {
    return EventKind.ofAction(action) == EventKind.TERMINAL;
  }
}
