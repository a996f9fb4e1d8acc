package io.progressrelay.demo.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Several files uploaded together and processed side by side: each file's events on its {@code
 * upload:{id}} channel, and on the owner's {@code user:{id}} channel a {@code file_progress} for
 * each of them plus a {@code batch_progress} at the start and whenever a file finishes.
 */
public record BatchUpload(
    String owner, String batchId, List<BatchFile> files, List<UploadScript> scripts)
    implements SimulatedJob {
  public BatchUpload {
    files = List.copyOf(files);
    scripts = List.copyOf(scripts);
    if (files.isEmpty() || files.size() != scripts.size()) {
      throw new IllegalArgumentException("a batch has one script per file, and at least one file");
    }
  }

  @Override
  public List<String> uploadIds() {
    return files.stream().map(BatchFile::uploadId).toList();
  }

  @Override
  public int ticks() {
    return scripts.stream().mapToInt(script -> script.steps().size()).max().orElseThrow();
  }

  @Override
  public List<WorkerEvent> tick(int index, WorkerEvents events) {
    List<WorkerEvent> tick = new ArrayList<>();
    if (index == 0) {
      tick.add(events.batchProgress(owner, batchId, "processing", files.size(), 0, 0));
    }
    boolean aFileFinished = false;
    for (int i = 0; i < files.size(); i++) {
      UploadScript script = scripts.get(i);
      if (index >= script.steps().size()) {
        continue;
      }
      WorkerEvent event = script.event(index, events);
      tick.add(event);
      tick.add(
          events.fileProgress(
              owner, batchId, files.get(i), script.percentAt(index), fileStatus(event)));
      aFileFinished |= event.isTerminal();
    }
    if (aFileFinished) {
      tick.add(summary(index, events));
    }
    return tick;
  }

  @Override
  public int failingUploads() {
    return (int) scripts.stream().filter(script -> !script.succeeds()).count();
  }

  private WorkerEvent summary(int index, WorkerEvents events) {
    int successful = 0;
    int failed = 0;
    for (UploadScript script : scripts) {
      if (index >= script.steps().size() - 1) {
        if (script.succeeds()) {
          successful++;
        } else {
          failed++;
        }
      }
    }
    String status = successful + failed == files.size() ? "completed" : "processing";
    return events.batchProgress(owner, batchId, status, files.size(), successful, failed);
  }

  private static String fileStatus(WorkerEvent event) {
    return switch (event.action()) {
      case WorkerEvents.UPLOAD_COMPLETED -> "completed";
      case WorkerEvents.UPLOAD_FAILED -> "failed";
      default -> "processing";
    };
  }
}
