package io.progressrelay.application.service.fanout;

/**
 * The routing this instance keeps in memory right now.
 *
 * @param routes uploads whose subscribers are cached
 * @param subscribers subscribers summed over those uploads (one user subscribed to two uploads
 *     counts twice)
 */
public record RouteStats(int routes, long subscribers) {}
