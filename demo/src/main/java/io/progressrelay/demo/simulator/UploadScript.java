package io.progressrelay.demo.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One upload's events from {@code queued} to its terminal event, as the workers publish them.
 * Events are built when published, so their timestamps are the publishing time.
 */
public record UploadScript(String uploadId, boolean video, int auditScore, List<Step> steps) {
  /** One event of the script. */
  public sealed interface Step permits Progress, Completed, Failed {}

  /** An {@code upload_progress} event at a stage. */
  public record Progress(UploadStage stage) implements Step {}

  /** The {@code upload_completed} event. */
  public record Completed(String description) implements Step {}

  /** The {@code upload_failed} event. */
  public record Failed(String errorMessage) implements Step {}

  public UploadScript {
    Objects.requireNonNull(uploadId, "uploadId");
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.get(steps.size() - 1) instanceof Progress) {
      throw new IllegalArgumentException("a script ends with its terminal event");
    }
  }

  /** Every stage in order (frames extracted for videos only), then {@code upload_completed}. */
  public static UploadScript completing(
      String uploadId, boolean video, int auditScore, String description) {
    List<Step> steps = new ArrayList<>(stagesFor(video));
    steps.add(new Completed(description));
    return new UploadScript(uploadId, video, auditScore, steps);
  }

  /** The stages in order up to and including {@code lastStage}, then {@code upload_failed}. */
  public static UploadScript failing(
      String uploadId, boolean video, UploadStage lastStage, String errorMessage) {
    List<Step> steps = new ArrayList<>();
    for (Progress step : stagesFor(video)) {
      steps.add(step);
      if (step.stage() == lastStage) {
        break;
      }
    }
    steps.add(new Failed(errorMessage));
    return new UploadScript(uploadId, video, 0, steps);
  }

  /**
   * The same script where the vision analysis is retried after the description audit, so progress
   * goes back from 50 to 20 % as it does in the real workers.
   */
  public UploadScript withRetriedAnalysis() {
    List<Step> retried = new ArrayList<>();
    for (Step step : steps) {
      retried.add(step);
      if (step instanceof Progress progress && progress.stage() == UploadStage.DESCRIPTION_AUDIT) {
        retried.add(new Progress(UploadStage.VISION_ANALYSIS));
        retried.add(new Progress(UploadStage.DESCRIPTION_AUDIT));
      }
    }
    return new UploadScript(uploadId, video, auditScore, retried);
  }

  public boolean succeeds() {
    return steps.get(steps.size() - 1) instanceof Completed;
  }

  /** The event of step {@code index}, stamped now. */
  public WorkerEvent event(int index, WorkerEvents events) {
    Step step = steps.get(index);
    if (step instanceof Progress progress) {
      return events.progress(uploadId, progress.stage(), video, auditScore);
    }
    if (step instanceof Completed completed) {
      return events.completed(uploadId, completed.description(), auditScore);
    }
    return events.failed(uploadId, ((Failed) step).errorMessage());
  }

  /** The percent reached at step {@code index}: the last progress percent, 100 once completed. */
  public int percentAt(int index) {
    int percent = 0;
    for (int i = 0; i <= index; i++) {
      Step step = steps.get(i);
      if (step instanceof Progress progress) {
        percent = progress.stage().percent();
      } else if (step instanceof Completed) {
        percent = 100;
      }
    }
    return percent;
  }

  private static List<Progress> stagesFor(boolean video) {
    List<Progress> stages = new ArrayList<>();
    for (UploadStage stage : UploadStage.values()) {
      if (video || stage != UploadStage.EXTRACTING_FRAMES) {
        stages.add(new Progress(stage));
      }
    }
    return stages;
  }
}
