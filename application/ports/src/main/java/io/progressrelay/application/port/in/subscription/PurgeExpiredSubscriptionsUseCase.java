package io.progressrelay.application.port.in.subscription;

/** Deletes subscriptions whose upload finished longer ago than the policy keeps them. */
public interface PurgeExpiredSubscriptionsUseCase {
  /** Returns how many subscriptions were deleted. */
  int purgeExpired();
}
