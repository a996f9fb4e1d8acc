package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.subscription.SubscriptionView;
import java.time.Instant;

/** One of the caller's subscriptions; {@code expiresAt} is null while the upload is running. */
public record SubscriptionResponse(String uploadId, Instant subscribedAt, Instant expiresAt) {
  public static SubscriptionResponse of(SubscriptionView view) {
    return new SubscriptionResponse(
        view.uploadId().value(), view.subscribedAt(), view.expiresAt().orElse(null));
  }
}
