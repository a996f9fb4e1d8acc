package io.progressrelay.adapter.in.redis;

import java.util.concurrent.atomic.AtomicLong;

/** The listener's running counts: written by the listener thread, readable from any thread. */
final class ListenerCounters {
  final AtomicLong received = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong oversized = new AtomicLong();
  final AtomicLong handlerFailures = new AtomicLong();
  final AtomicLong outages = new AtomicLong();
  final AtomicLong controlMessages = new AtomicLong();
  final AtomicLong missedAnnouncements = new AtomicLong();

  ListenerStats snapshot() {
    return new ListenerStats(
        received.get(),
        malformed.get(),
        oversized.get(),
        handlerFailures.get(),
        outages.get(),
        controlMessages.get(),
        missedAnnouncements.get());
  }
}
