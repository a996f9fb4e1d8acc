package io.progressrelay.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One fault of the run and the steady state after it: when it began, the moments that mattered
 * (fault injected, dependency back, relay started...), the instant recovery is measured from, and
 * the relays' frame counters at its edges. Written by the benchmark's thread only.
 */
final class Phase {
  /** Something the benchmark did, at {@code atMillis}. */
  record Mark(long atMillis, String what) {}

  final String name;
  final long startMillis;
  final List<Mark> marks = new ArrayList<>();
  long faultMillis;
  long recoverFromMillis;
  long endMillis;
  double policyFramesAtStart;
  double policyFramesAtEnd;
  List<Long> exitsAtStart = List.of();
  List<Long> exitsAtEnd = List.of();

  Phase(String name) {
    this.name = name;
    this.startMillis = System.currentTimeMillis();
    this.faultMillis = startMillis;
    this.recoverFromMillis = startMillis;
  }

  /** Notes what was just done; the first mark is the fault's start. */
  long mark(String what) {
    long now = System.currentTimeMillis();
    if (marks.isEmpty()) {
      faultMillis = now;
      recoverFromMillis = now;
    }
    marks.add(new Mark(now, what));
    return now;
  }

  /** Notes what was just done and measures recovery from now. */
  void markRecoverFrom(String what) {
    recoverFromMillis = mark(what);
  }

  boolean contains(long atMillis) {
    return atMillis >= startMillis && atMillis < endMillis;
  }
}
