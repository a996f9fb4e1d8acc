package io.progressrelay.bootstrap.config;

/**
 * How a pub/sub listener subscribes ({@code RELAY_REDIS_SUBSCRIPTIONS}): to every event channel by
 * pattern ({@code PSUBSCRIBE}, the default), or only to the channels its own connections need
 * ({@code SUBSCRIBE} per channel, changed as sockets and subscriptions come and go).
 */
public enum SubscriptionMode {
  PATTERN,
  INTEREST
}
