package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.GrantRepositoryContract;
import io.progressrelay.application.port.out.contract.Repositories;

class InMemoryGrantRepositoryTest extends GrantRepositoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FreshInMemory.repositories();
  }
}
