package io.progressrelay.demo.simulator;

import java.util.List;

/** One upload on its own: one event per tick on {@code upload:{id}}. */
public record SingleUpload(String owner, UploadScript script) implements SimulatedJob {
  @Override
  public List<String> uploadIds() {
    return List.of(script.uploadId());
  }

  @Override
  public int ticks() {
    return script.steps().size();
  }

  @Override
  public List<WorkerEvent> tick(int index, WorkerEvents events) {
    return List.of(script.event(index, events));
  }

  @Override
  public int failingUploads() {
    return script.succeeds() ? 0 : 1;
  }
}
