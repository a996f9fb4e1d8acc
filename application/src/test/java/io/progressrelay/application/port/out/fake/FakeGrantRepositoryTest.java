package io.progressrelay.application.port.out.fake;

import io.progressrelay.application.port.out.contract.GrantRepositoryContract;
import io.progressrelay.application.port.out.contract.Repositories;

/** The fake is held to the contract the in-memory and PostgreSQL adapters meet. */
class FakeGrantRepositoryTest extends GrantRepositoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FakeStore.repositories();
  }
}
