package io.progressrelay.adapter.out.redis;

/**
 * Sends {@code SUBSCRIBE} and {@code UNSUBSCRIBE} on a subscribed connection whose replies another
 * thread reads (the listener's); an implementation serialises its writers.
 */
public interface SubscriptionCommands {
  void subscribe(byte[][] channels);

  void unsubscribe(byte[][] channels);
}
