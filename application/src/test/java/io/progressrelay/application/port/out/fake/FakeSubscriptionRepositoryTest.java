package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriptionRepositoryContract;

/** The fake is held to the contract the in-memory and PostgreSQL adapters meet. */
class FakeSubscriptionRepositoryTest extends SubscriptionRepositoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FakeStore.repositories();
  }
}
