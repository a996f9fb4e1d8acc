package io.progressrelay.adapter.in.web.socket;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads the sockets' pings over time. Sockets that connect together (every browser after a deploy
 * or a network blip) would otherwise be pinged together, every interval, for as long as they stay:
 * a thousand pings and a thousand pongs at once, each burst delaying the events queued behind it.
 * Each socket's first ping comes after a random 75-100 % of the interval, then every interval, so a
 * ping is never later than configured.
 */
final class PingSpread {
  static final double EARLIEST_FRACTION = 0.75;

  static Duration firstDelay(Duration interval) {
    long nanos = interval.toNanos();
    long earliest = (long) (nanos * EARLIEST_FRACTION);
    return Duration.ofNanos(earliest + ThreadLocalRandom.current().nextLong(nanos - earliest + 1));
  }

  private PingSpread() {}
}
