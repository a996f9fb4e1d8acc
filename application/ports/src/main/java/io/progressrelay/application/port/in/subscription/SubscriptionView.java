package io.progressrelay.application.port.in.subscription;

import io.progressrelay.domain.UploadId;
import java.time.Instant;
import java.util.Optional;

/** One of the caller's subscriptions, with when it ends if the upload has finished. */
public record SubscriptionView(
    UploadId uploadId, Instant subscribedAt, Optional<Instant> expiresAt) {}
