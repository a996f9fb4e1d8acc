package io.progressrelay.application.service.fanout;

import java.time.Duration;
import java.util.Objects;

/**
 * What the fan-out engine keeps so clients that resume miss nothing: each channel's recent events
 * and where they come from.
 *
 * @param historySize events kept per channel (upload, user) for resuming; 0 keeps none
 * @param historyAge how long a kept event stays resumable
 * @param streamPositions whether events come from a Redis stream with their entry ids as positions
 *     (streams mode), rather than numbered by this instance (pub/sub mode)
 * @param userLatestStates latest states kept per user channel: one per batch and one per file
 */
public record ContinuitySettings(
    int historySize, Duration historyAge, boolean streamPositions, int userLatestStates) {
  public static final ContinuitySettings DEFAULT =
      new ContinuitySettings(100, Duration.ofMinutes(5), false, 100);

  public ContinuitySettings {
    Objects.requireNonNull(historyAge, "historyAge");
    new HistoryLimits(historySize, historyAge); // validates
    if (userLatestStates < 1 || userLatestStates > 10_000) {
      throw new IllegalArgumentException("latest states per user must be between 1 and 10000");
    }
  }

  /** The same settings for events read from a Redis stream. */
  public ContinuitySettings fromStream() {
    return new ContinuitySettings(historySize, historyAge, true, userLatestStates);
  }

  HistoryLimits historyLimits() {
    return new HistoryLimits(historySize, historyAge);
  }
}
