package io.progressrelay.application.port.in.subscription;

import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.SubscriptionCursor;
import java.util.Optional;

/** Which page of a user's subscriptions to list: at most {@code limit} after {@code after}. */
public record SubscriptionPageRequest(int limit, Optional<SubscriptionCursor> after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public SubscriptionPageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidValueException("limit", "'limit' must be between 1 and " + MAX_LIMIT);
    }
    after = after == null ? Optional.empty() : after;
  }

  public static SubscriptionPageRequest first(int limit) {
    return new SubscriptionPageRequest(limit, Optional.empty());
  }
}
