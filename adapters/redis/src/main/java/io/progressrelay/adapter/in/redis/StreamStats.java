package io.progressrelay.adapter.in.redis;

/**
 * What {@link RedisStreamReader} has seen since it started, for metrics.
 *
 * @param entries stream entries read, whatever became of them
 * @param malformed entries dropped because they were not what was expected (no {@code channel} or
 *     {@code data} field, a channel with an invalid id, bad JSON, invalid UTF-8)
 * @param oversized entries dropped because their {@code data} exceeds the size limit
 * @param handlerFailures entries the use case threw on (the reader carried on)
 * @param outages times the reader lost Redis (or could not reach it) and started reconnecting
 * @param trimmedGaps times the reader found that entries after the last one it had were trimmed
 *     away before it read them (their events are lost)
 * @param lagMillis how old (by its id) the last entry read was when it was read; 0 once the reader
 *     waits at the end of the stream
 */
public record StreamStats(
    long entries,
    long malformed,
    long oversized,
    long handlerFailures,
    long outages,
    long trimmedGaps,
    long lagMillis) {}
