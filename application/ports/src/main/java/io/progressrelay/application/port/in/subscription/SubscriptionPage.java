package io.progressrelay.application.port.in.subscription;

import java.util.List;
import java.util.Optional;

/** A page of subscriptions, newest first, and the cursor of the next page if there is one. */
public record SubscriptionPage(List<SubscriptionView> items, Optional<String> nextCursor) {
  public SubscriptionPage {
    items = List.copyOf(items);
  }
}
