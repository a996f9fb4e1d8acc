package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.StoredSubscription;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** One row of {@code subscriptions} with its upload's finish time (null while unfinished). */
record SubscriptionRow(
    String userId, String uploadId, Instant subscribedAt, Instant uploadFinishedAt) {

  StoredSubscription toStoredSubscription() {
    return new StoredSubscription(
        new Subscription(new UserId(userId), new UploadId(uploadId), subscribedAt),
        Optional.ofNullable(uploadFinishedAt));
  }
}
