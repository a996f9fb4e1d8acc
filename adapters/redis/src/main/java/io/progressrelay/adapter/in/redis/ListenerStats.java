package io.progressrelay.adapter.in.redis;

/**
 * What {@link RedisProgressListener} has seen since it started, for metrics.
 *
 * @param received messages on event channels ({@code upload:*}, {@code user:*}), whatever became of
 *     them
 * @param malformed event or control messages dropped because they were not what was expected (bad
 *     JSON, no string {@code action}, trailing content, invalid UTF-8, a channel with an invalid
 *     id)
 * @param oversized event or control messages dropped for exceeding the size limit
 * @param handlerFailures messages a use case threw on (the listener carried on)
 * @param outages times the listener lost Redis (or could not reach it) and started reconnecting
 * @param controlMessages messages on the control channel, including this instance's own and bad
 *     ones
 * @param missedAnnouncements control messages that showed another instance's announcement was lost,
 *     so every cached route was dropped
 */
public record ListenerStats(
    long received,
    long malformed,
    long oversized,
    long handlerFailures,
    long outages,
    long controlMessages,
    long missedAnnouncements) {}
