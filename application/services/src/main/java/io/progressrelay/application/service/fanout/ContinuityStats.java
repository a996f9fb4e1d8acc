package io.progressrelay.application.service.fanout;

/**
 * What the engine did for clients that resume, for metrics.
 *
 * @param catchUps catch-ups after authentication started
 * @param eventsRecovered events sent to clients that had missed them
 * @param gaps channels for which a client was told it may have missed events
 * @param windowBytes payload bytes the channels' resume windows hold now
 * @param userChannels user channels kept on this instance
 */
public record ContinuityStats(
    long catchUps, long eventsRecovered, long gaps, long windowBytes, int userChannels) {}
