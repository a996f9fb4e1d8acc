package io.progressrelay.adapter.in.web.socket;

import java.util.concurrent.atomic.AtomicLong;

/** The endpoint's violation counters, read by its stats and the metrics. Thread-safe. */
final class SocketCounters {
  final AtomicLong authFailures = new AtomicLong();
  final AtomicLong connectionLimitRejections = new AtomicLong();
  final AtomicLong rateLimitViolations = new AtomicLong();
  final AtomicLong oversizedFrames = new AtomicLong();
  final AtomicLong idleTimeouts = new AtomicLong();
  final AtomicLong tokenExpiries = new AtomicLong();
  final AtomicLong originRejections = new AtomicLong();

  SocketStats snapshot(long openConnections) {
    return new SocketStats(
        openConnections,
        authFailures.get(),
        connectionLimitRejections.get(),
        rateLimitViolations.get(),
        oversizedFrames.get(),
        idleTimeouts.get(),
        tokenExpiries.get(),
        originRejections.get());
  }
}
