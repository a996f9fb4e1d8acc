package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriberDirectoryContract;

class InMemorySubscriberDirectoryTest extends SubscriberDirectoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FreshInMemory.repositories();
  }
}
