package io.progressrelay.bootstrap.config;

import io.progressrelay.domain.HistoryLevel;
import java.time.Duration;

/**
 * How delivery history is recorded: what ({@code RELAY_HISTORY_LEVEL}), for how long ({@code
 * RELAY_HISTORY_RETENTION}), and how many outcomes may wait for the writer ({@code
 * RELAY_HISTORY_BUFFER}).
 */
public record HistoryConfig(HistoryLevel level, Duration retention, int bufferCapacity) {
  /** Outcomes written per batch, and at most how long one waits before its batch is written. */
  public static final int BATCH_SIZE = 1000;

  public static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
}
