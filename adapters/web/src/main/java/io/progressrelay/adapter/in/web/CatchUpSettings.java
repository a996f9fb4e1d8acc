package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.domain.InvalidValueException;

/**
 * How much a resuming client (an event stream, a {@code progress-relay.v3} socket) catches up on
 * when it connects: the latest state or missed events of at most {@code limit} of its user's
 * subscriptions, the newest first.
 *
 * @param limit how many stored subscriptions the catch-up covers, 1 to {@value
 *     SubscriptionPageRequest#MAX_LIMIT}
 */
public record CatchUpSettings(int limit) {
  public static final int DEFAULT_LIMIT = 100;

  public CatchUpSettings {
    if (limit < 1 || limit > SubscriptionPageRequest.MAX_LIMIT) {
      throw new InvalidValueException(
          "limit", "'limit' must be between 1 and " + SubscriptionPageRequest.MAX_LIMIT);
    }
  }

  /** The documented default: the 100 newest subscriptions. */
  public static CatchUpSettings defaults() {
    return new CatchUpSettings(DEFAULT_LIMIT);
  }
}
