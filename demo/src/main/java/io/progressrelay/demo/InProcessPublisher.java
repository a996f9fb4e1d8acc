package io.progressrelay.demo;

import io.progressrelay.adapter.in.memory.InProcessEventSource;
import io.progressrelay.demo.simulator.EventPublisher;
import io.progressrelay.demo.simulator.WorkerEvent;

/** Publishes the simulator's events straight into the relay's in-process event source. */
record InProcessPublisher(InProcessEventSource source) implements EventPublisher {
  @Override
  public void publish(WorkerEvent event) {
    boolean queued =
        source.publish(
            event.channel(),
            event.action(),
            event.payloadBatchId(),
            event.payloadUploadId(),
            event.json());
    if (!queued) {
      throw new IllegalStateException("the in-process event source is closed or full");
    }
  }
}
