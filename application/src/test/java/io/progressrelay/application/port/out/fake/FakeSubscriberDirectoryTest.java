package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriberDirectoryContract;

/** The fake is held to the contract the in-memory and PostgreSQL adapters meet. */
class FakeSubscriberDirectoryTest extends SubscriberDirectoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FakeStore.repositories();
  }
}
