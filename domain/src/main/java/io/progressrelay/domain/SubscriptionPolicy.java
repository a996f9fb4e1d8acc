package io.progressrelay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long subscriptions live and how many a user may hold: a subscription ends on its own {@link
 * #ttlAfterFinish()} after its upload's terminal event (or after the subscription itself, when the
 * user subscribed to an upload that had already finished).
 */
public record SubscriptionPolicy(Duration ttlAfterFinish, int maxPerUser) {
  public static final SubscriptionPolicy DEFAULT =
      new SubscriptionPolicy(Duration.ofHours(24), 1000);

  public SubscriptionPolicy {
    Objects.requireNonNull(ttlAfterFinish, "ttlAfterFinish");
    if (ttlAfterFinish.isNegative() || ttlAfterFinish.isZero()) {
      throw new InvalidValueException("ttlAfterFinish", "'ttlAfterFinish' must be positive");
    }
    if (maxPerUser < 1) {
      throw new InvalidValueException("maxPerUser", "'maxPerUser' must be at least 1");
    }
  }

  /**
   * The cut-off for expiry at {@code now}: a subscription has expired when its upload has finished
   * and both the finish and the subscription are older than this instant.
   */
  public Instant expiryCutoff(Instant now) {
    return now.minus(ttlAfterFinish);
  }

  /**
   * When a subscription made at {@code subscribedAt} expires: {@link #ttlAfterFinish()} after the
   * later of that moment and the upload's finish; empty while the upload has not finished.
   */
  public Optional<Instant> expiryOf(Optional<Instant> uploadFinishedAt, Instant subscribedAt) {
    return uploadFinishedAt.map(
        finished ->
            (finished.isAfter(subscribedAt) ? finished : subscribedAt).plus(ttlAfterFinish));
  }
}
