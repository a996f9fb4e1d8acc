package io.progressrelay.application.port.out;

import io.progressrelay.domain.Position;
import java.util.Optional;

/**
 * Remembers, per Redis stream, the entry through which every event's latest state is stored, so a
 * relay that restarts resumes reading right after it; safe for concurrent use.
 */
public interface StreamCheckpoints {
  /** The checkpoint of {@code streamKey}, a stream entry position; empty when none was saved. */
  Optional<Position> load(String streamKey);

  /**
   * Moves the checkpoint of {@code streamKey} to {@code reached} unless it already is at or after
   * it: a checkpoint never moves back, so instances and saves racing each other are harmless.
   *
   * @throws IllegalArgumentException if {@code reached} is not a stream entry position
   * @throws StorageUnavailableException when the storage cannot be reached
   */
  void advance(String streamKey, Position reached);
}
