package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.Caller;
import io.progressrelay.domain.UploadId;

/** Admins follow one upload's events and what became of each, oldest first. */
public interface UploadTimelineUseCase {
  /** The most events one timeline holds; the oldest are kept. */
  int MAX_EVENTS = 1000;

  UploadTimeline timeline(Caller caller, UploadId uploadId);
}
