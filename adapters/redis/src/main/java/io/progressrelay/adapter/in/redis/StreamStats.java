package io.progressrelay.adapter.in.redis;

/**
 * What {@link RedisStreamReader} has seen since it started, for metrics.
 *
 * @param entries stream entries of events read (on the upload and user channels), whatever became
 *     of them
 * @param malformed entries dropped because they were not what was expected (no {@code channel} or
 *     {@code data} field, a channel with an invalid id, bad JSON, invalid UTF-8)
 * @param oversized entries dropped because their {@code data} exceeds the size limit
 * @param handlerFailures entries the use case threw on (the reader carried on)
 * @param outages times the reader lost Redis (or could not reach it) and started reconnecting
 * @param trimmedGaps times the reader found that entries after the last one it had were trimmed
 *     away before it read them (their events are lost)
 * @param controlEntries entries of the control channel (audience changes of the instances), this
 *     instance's own and bad ones included
 * @param missedAnnouncements control entries showing another instance's announcement was lost, so
 *     every cached route was dropped
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
    long controlEntries,
    long missedAnnouncements,
    long lagMillis) {}
