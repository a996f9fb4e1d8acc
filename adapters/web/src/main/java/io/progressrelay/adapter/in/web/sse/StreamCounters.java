package io.progressrelay.adapter.in.web.sse;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The event-stream endpoint's counters, read by its stats and the metrics. Thread-safe. */
final class StreamCounters {
  final AtomicLong opened = new AtomicLong();
  final AtomicLong tokenExpiries = new AtomicLong();
  private final Map<StreamRefusal, AtomicLong> refusals = new EnumMap<>(StreamRefusal.class);

  StreamCounters() {
    for (StreamRefusal reason : StreamRefusal.values()) {
      refusals.put(reason, new AtomicLong());
    }
  }

  void refused(StreamRefusal reason) {
    refusals.get(reason).incrementAndGet();
  }

  EventStreamStats snapshot(long open) {
    return new EventStreamStats(
        open,
        opened.get(),
        refusals.get(StreamRefusal.AUTH_FAILURE).get(),
        refusals.get(StreamRefusal.ORIGIN).get(),
        refusals.get(StreamRefusal.NOT_ACCEPTABLE).get(),
        refusals.get(StreamRefusal.INVALID_POSITION).get(),
        refusals.get(StreamRefusal.CONNECTION_LIMIT).get(),
        refusals.get(StreamRefusal.UNAVAILABLE).get(),
        tokenExpiries.get());
  }
}
