package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriptionRepositoryContract;

class InMemorySubscriptionRepositoryTest extends SubscriptionRepositoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FreshInMemory.repositories();
  }
}
