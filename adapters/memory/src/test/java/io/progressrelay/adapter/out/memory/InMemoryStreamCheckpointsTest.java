package io.progressrelay.adapter.out.memory;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.application.port.out.contract.StreamCheckpointsContract;

class InMemoryStreamCheckpointsTest extends StreamCheckpointsContract {
  @Override
  protected StreamCheckpoints emptyCheckpoints() {
    return new InMemoryStreamCheckpoints();
  }
}
