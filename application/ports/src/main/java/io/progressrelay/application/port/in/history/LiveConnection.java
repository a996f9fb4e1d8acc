package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One WebSocket connection of this instance, its user's live subscriptions, and its queue, as they
 * stood when asked.
 */
public record LiveConnection(
    String connectionId,
    UserId userId,
    Instant since,
    int subscriptions,
    int queuedFrames,
    long queuedBytes,
    long framesSent,
    long framesCoalesced) {
  public LiveConnection {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(since, "since");
  }
}
