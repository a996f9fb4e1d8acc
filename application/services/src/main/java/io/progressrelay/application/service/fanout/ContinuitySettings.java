package io.progressrelay.application.service.fanout;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fan-out engine keeps so clients that resume miss nothing: each channel's recent events
 * and where they come from.
 *
 * @param historySize events kept per channel (upload, user) for resuming; 0 keeps none
 * @param historyAge how long a kept event stays resumable
 * @param historyBytes about how many payload bytes all channels' histories hold together
 * @param streamPositions whether events come from a Redis stream with their entry ids as positions
 *     (streams mode), rather than numbered by this instance (pub/sub mode)
 * @param userLatestStates latest states kept per user channel: one per batch and one per file
 */
public record ContinuitySettings(
    int historySize,
    Duration historyAge,
    long historyBytes,
    boolean streamPositions,
    int userLatestStates) {
  /** The default budget of payload bytes all channels' histories hold together. */
  public static final long DEFAULT_HISTORY_BYTES = 256L * 1024 * 1024;

  public static final ContinuitySettings DEFAULT =
      new ContinuitySettings(100, Duration.ofMinutes(2), DEFAULT_HISTORY_BYTES, false, 100);

  public ContinuitySettings {
    Objects.requireNonNull(historyAge, "historyAge");
    new HistoryLimits(historySize, historyAge, historyBytes, new AtomicLong()); // validates
    if (userLatestStates < 1 || userLatestStates > 10_000) {
      throw new IllegalArgumentException("latest states per user must be between 1 and 10000");
    }
  }

  /** The same settings for events read from a Redis stream. */
  public ContinuitySettings fromStream() {
    return new ContinuitySettings(historySize, historyAge, historyBytes, true, userLatestStates);
  }

  /** Limits with a fresh byte count, for one engine. */
  HistoryLimits historyLimits() {
    return new HistoryLimits(historySize, historyAge, historyBytes, new AtomicLong());
  }
}
