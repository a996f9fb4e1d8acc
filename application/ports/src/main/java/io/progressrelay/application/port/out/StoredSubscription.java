package io.progressrelay.application.port.out;

import io.progressrelay.domain.Subscription;
import java.time.Instant;
import java.util.Optional;

/** A subscription as stored, with the finish time of its upload that decides its expiry. */
public record StoredSubscription(Subscription subscription, Optional<Instant> uploadFinishedAt) {}
