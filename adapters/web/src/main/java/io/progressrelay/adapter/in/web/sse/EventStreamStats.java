package io.progressrelay.adapter.in.web.sse;

/**
 * A snapshot of the event-stream endpoint's counters since it started; every field but {@code
 * openStreams} only grows.
 *
 * @param openStreams streams open right now
 * @param opened streams opened (answered 200)
 * @param authFailures requests refused with 401
 * @param originRejections requests refused with 403 for an origin not in the allow-list
 * @param notAcceptable requests refused with 406: they do not accept {@code text/event-stream}
 * @param invalidPositions requests refused with 400 for a resume position the relay never wrote
 * @param connectionLimitRejections requests refused with 429 for the user's connection limit
 * @param unavailable requests refused with 503: the relay was stopping or its storage unavailable
 * @param tokenExpiries open streams ended at their token's expiry
 */
public record EventStreamStats(
    long openStreams,
    long opened,
    long authFailures,
    long originRejections,
    long notAcceptable,
    long invalidPositions,
    long connectionLimitRejections,
    long unavailable,
    long tokenExpiries) {}
