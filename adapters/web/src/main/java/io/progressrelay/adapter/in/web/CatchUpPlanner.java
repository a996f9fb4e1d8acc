package io.progressrelay.adapter.in.web;

import io.progressrelay.application.port.in.subscription.ListSubscriptionsUseCase;
import io.progressrelay.application.port.in.subscription.SubscriptionPage;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.application.port.in.subscription.SubscriptionView;
import io.progressrelay.application.port.out.StorageUnavailableException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which uploads a client that resumes (a {@code progress-relay.v3} socket, an event stream)
 * catches up on after authenticating: its user's live subscriptions, newest first, at most {@code
 * limit}. Reads storage, so callers run it on a thread that may block. Thread-safe.
 */
public final class CatchUpPlanner {
  /** The default number of uploads a catch-up covers. */
  public static final int DEFAULT_LIMIT = 100;

  private static final Logger LOG = LoggerFactory.getLogger(CatchUpPlanner.class);

  private final ListSubscriptionsUseCase subscriptions;
  private final int limit;

  /** A planner reading {@code subscriptions}, covering at most {@code limit} uploads (1..1000). */
  public CatchUpPlanner(ListSubscriptionsUseCase subscriptions, int limit) {
    if (limit < 1 || limit > SubscriptionPageRequest.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "the catch-up limit must be between 1 and " + SubscriptionPageRequest.MAX_LIMIT);
    }
    this.subscriptions = subscriptions;
    this.limit = limit;
  }

  /** A planner for relays without stored subscriptions: catch-ups cover the user channel only. */
  public static CatchUpPlanner none() {
    return new CatchUpPlanner(
        (caller, page) -> new SubscriptionPage(List.of(), Optional.empty()), 1);
  }

  /**
   * The uploads {@code caller} follows, newest subscription first; empty, with the reason logged,
   * when storage cannot be read (the client then catches up on its user channel only, and can
   * resume each upload by subscribing with its position).
   */
  public Optional<List<UploadId>> followedBy(Caller caller) {
    try {
      var page = subscriptions.list(caller, SubscriptionPageRequest.first(limit));
      return Optional.of(page.items().stream().map(SubscriptionView::uploadId).toList());
    } catch (StorageUnavailableException e) {
      LOG.warn(
          "could not read the subscriptions of {} to catch up: {}",
          caller.userId(),
          e.getMessage());
      return Optional.empty();
    }
  }
}
