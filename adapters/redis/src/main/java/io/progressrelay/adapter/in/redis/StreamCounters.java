package io.progressrelay.adapter.in.redis;

import java.util.concurrent.atomic.AtomicLong;

/** The stream reader's running counts: written by its thread, readable from any thread. */
final class StreamCounters {
  final AtomicLong entries = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong oversized = new AtomicLong();
  final AtomicLong handlerFailures = new AtomicLong();
  final AtomicLong outages = new AtomicLong();
  final AtomicLong trimmedGaps = new AtomicLong();
  final AtomicLong controlEntries = new AtomicLong();
  final AtomicLong missedAnnouncements = new AtomicLong();
  volatile long lagMillis;

  StreamStats snapshot() {
    return new StreamStats(
        entries.get(),
        malformed.get(),
        oversized.get(),
        handlerFailures.get(),
        outages.get(),
        trimmedGaps.get(),
        controlEntries.get(),
        missedAnnouncements.get(),
        lagMillis);
  }
}
