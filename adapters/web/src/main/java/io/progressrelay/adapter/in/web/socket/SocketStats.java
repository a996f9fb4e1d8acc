package io.progressrelay.adapter.in.web.socket;

/**
 * A snapshot of the WebSocket endpoint's counters since it started; every field but {@code
 * openConnections} only grows.
 *
 * @param openConnections sockets open right now, authenticated or not
 * @param authFailures sockets closed with 4001 to 4004 before they authenticated
 * @param connectionLimitRejections authenticated sockets refused with 1008 for the user's limit
 * @param rateLimitViolations sockets closed with 1008 for sending frames too fast
 * @param oversizedFrames sockets closed with 1009 for a message above the size limit
 * @param idleTimeouts sockets closed with 1001 for silence
 * @param tokenExpiries live sockets closed with 4003 when their token expired
 * @param originRejections upgrades refused with 403 for an origin not in the allow-list
 */
public record SocketStats(
    long openConnections,
    long authFailures,
    long connectionLimitRejections,
    long rateLimitViolations,
    long oversizedFrames,
    long idleTimeouts,
    long tokenExpiries,
    long originRejections) {}
