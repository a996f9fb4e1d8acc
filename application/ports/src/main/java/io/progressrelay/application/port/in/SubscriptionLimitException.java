package io.progressrelay.application.port.in;

/** The user already holds as many subscriptions as the policy allows. */
public final class SubscriptionLimitException extends RelayException {
  private static final long serialVersionUID = 1L;

  public SubscriptionLimitException(int limit) {
    super(
        "subscription limit reached: a user may hold at most "
            + limit
            + " subscriptions; unsubscribe from finished uploads first");
  }
}
