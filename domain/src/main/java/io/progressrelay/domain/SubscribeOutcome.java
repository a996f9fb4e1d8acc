package io.progressrelay.domain;

/** What subscribing did. */
public enum SubscribeOutcome {
  /** The user was not subscribed and now is. */
  CREATED,
  /** The user was already subscribed; nothing changed. */
  UNCHANGED,
  /** The user holds the maximum number of subscriptions; nothing changed. */
  LIMIT_REACHED
}
