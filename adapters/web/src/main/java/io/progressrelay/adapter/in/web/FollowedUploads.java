package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.in.subscription.ListSubscriptionsUseCase;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.application.port.in.subscription.SubscriptionView;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Objects;

/**
 * The uploads a resuming client catches up on: its user's live subscriptions, newest first, at most
 * the catch-up limit. Thread-safe; reads the subscription store, so it may block.
 */
public final class FollowedUploads {
  private final ListSubscriptionsUseCase subscriptions;
  private final CatchUpSettings settings;

  public FollowedUploads(ListSubscriptionsUseCase subscriptions, CatchUpSettings settings) {
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The uploads {@code caller} follows, newest subscription first.
   *
   * @throws io.progressrelay.application.port.out.StorageUnavailableException when the store cannot
   *     be read
   */
  public List<UploadId> newestFirst(Caller caller) {
    return subscriptions
        .list(caller, SubscriptionPageRequest.first(settings.limit()))
        .items()
        .stream()
        .map(SubscriptionView::uploadId)
        .toList();
  }
}
