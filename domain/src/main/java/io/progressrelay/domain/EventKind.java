package io.progressrelay.domain;

/** How an event's {@code action} is treated: progress may be coalesced, terminal never. */
public enum EventKind {
  PROGRESS,
  TERMINAL,
  OTHER;

  /** Classifies an event by its {@code action} field; unknown actions are {@link #OTHER}. */
  public static EventKind ofAction(String action) {
    if (action == null) {
      return OTHER;
    }
    return switch (action) {
      case "upload_progress", "file_progress", "batch_progress" -> PROGRESS;
      case "upload_completed", "upload_failed" -> TERMINAL;
      default -> OTHER;
    };
  }
}
