package io.progressrelay.application.service.history;

/** The history recorder's counters: accepted, lost to a full buffer, written, waiting now. */
public record HistoryStats(long recorded, long lost, long written, int buffered) {}
