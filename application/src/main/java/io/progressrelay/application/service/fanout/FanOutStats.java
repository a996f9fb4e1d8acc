package io.progressrelay.application.service.fanout;

/**
 * The fan-out engine's counters since start.
 *
 * @param eventsRelayed events handed to the engine
 * @param eventsWithoutAudience upload events that had no subscriber connected anywhere here
 * @param framesQueued frames queued to a connection
 * @param framesCoalesced progress frames that replaced an unsent one
 * @param slowConsumersClosed connections closed with 4008 because a frame did not fit
 * @param pendingDropped events dropped because too many waited for one upload's subscribers
 * @param audienceLoads subscriber lists loaded from storage
 * @param audienceLoadFailures loads that failed and were retried
 * @param latestEventWriteFailures flushes of latest events that failed and were retried
 * @param connections live connections now
 */
public record FanOutStats(
    long eventsRelayed,
    long eventsWithoutAudience,
    long framesQueued,
    long framesCoalesced,
    long slowConsumersClosed,
    long pendingDropped,
    long audienceLoads,
    long audienceLoadFailures,
    long latestEventWriteFailures,
    int connections) {}
