package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.UserId;
import java.time.Instant;

/** One live connection's queue as it stood at one moment. */
public record ConnectionSnapshot(
    String connectionId,
    UserId userId,
    Instant connectedAt,
    int queuedFrames,
    long queuedBytes,
    long framesSent,
    long framesCoalesced) {}
