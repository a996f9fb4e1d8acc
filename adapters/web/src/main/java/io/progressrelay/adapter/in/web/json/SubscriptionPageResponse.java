package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.subscription.SubscriptionPage;
import java.util.List;

/** A page of subscriptions, newest first; {@code nextCursor} is null on the last page. */
public record SubscriptionPageResponse(List<SubscriptionResponse> items, String nextCursor) {
  public static SubscriptionPageResponse of(SubscriptionPage page) {
    return new SubscriptionPageResponse(
        page.items().stream().map(SubscriptionResponse::of).toList(),
        page.nextCursor().orElse(null));
  }
}
