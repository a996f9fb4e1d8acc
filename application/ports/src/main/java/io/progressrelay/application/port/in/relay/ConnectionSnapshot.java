package io.progressrelay.application.port.in.relay;

import io.progressrelay.domain.UserId;
import java.time.Instant;

/**
 * One live connection's queue as the fan-out engine saw it at one moment: what the admin API and
 * the metrics read about connections.
 *
 * @param queuedFrames frames waiting for the socket, not counting those in flight
 * @param queuedBytes bytes of those frames
 * @param framesSent frames the socket has taken, control frames included
 * @param framesCoalesced frames replaced before they were sent, by coalescing or the rate limit
 */
public record ConnectionSnapshot(
    String connectionId,
    UserId userId,
    Instant connectedAt,
    int queuedFrames,
    long queuedBytes,
    long framesSent,
    long framesCoalesced) {}
