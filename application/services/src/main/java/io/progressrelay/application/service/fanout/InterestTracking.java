package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.ChannelInterest;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether the engine tracks which channels this instance needs, and how: the port it tells, how
 * long an unneeded channel stays subscribed in case it is needed again (a page reload), and how
 * long a subscribe or connect waits for the event source to confirm a new channel.
 */
public record InterestTracking(ChannelInterest port, Duration linger, Duration confirmTimeout) {
  /** No tracking: the event source receives every channel ({@code PSUBSCRIBE}). */
  public static final InterestTracking OFF =
      new InterestTracking(ChannelInterest.EVERYTHING, Duration.ZERO, Duration.ofSeconds(4));

  public InterestTracking {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    if (linger.isNegative() || linger.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("'linger' must be 0..1h, got " + linger);
    }
    if (confirmTimeout.toMillis() < 1 || confirmTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "'confirmTimeout' must be 1ms..1min, got " + confirmTimeout);
    }
  }

  /** Whether there is anything to track. */
  boolean on() {
    return port.selective();
  }
}
