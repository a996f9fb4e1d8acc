package io.progressrelay.application.port.in.subscription;

import io.progressrelay.domain.Caller;

/** Lists the caller's live (unexpired) subscriptions, newest first, a page at a time. */
public interface ListSubscriptionsUseCase {
  SubscriptionPage list(Caller caller, SubscriptionPageRequest page);
}
