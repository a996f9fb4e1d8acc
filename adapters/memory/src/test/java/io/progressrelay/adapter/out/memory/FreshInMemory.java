package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.Repositories;

/** Builds the in-memory adapters over one new, empty store. */
final class FreshInMemory {
  private FreshInMemory() {}

  static Repositories repositories() {
    var store = new InMemoryStore();
    return new Repositories(
        new InMemoryUploadRepository(store),
        new InMemoryGrantRepository(store),
        new InMemorySubscriptionRepository(store),
        new InMemorySubscriberDirectory(store));
  }
}
