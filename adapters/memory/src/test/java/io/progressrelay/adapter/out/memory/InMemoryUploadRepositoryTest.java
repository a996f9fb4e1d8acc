package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.UploadRepositoryContract;

class InMemoryUploadRepositoryTest extends UploadRepositoryContract {
  @Override
  protected Repositories emptyRepositories() {
    return FreshInMemory.repositories();
  }
}
