package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The recent events of one channel, with their positions, for clients that resume: at most a number
 * of events and none older than an age, and the position from which it holds every event of the
 * channel this instance received. Not thread-safe: guarded by its channel's owner (the upload
 * route, the user channel), under whose lock events are also dispatched, so a recovery and the live
 * events after it never overlap or leave a hole.
 */
final class ChannelHistory {
  /** Why a client cannot resume a channel from the position it gave. */
  enum Gap {
    /** The events after the position are no longer all kept here. */
    HISTORY_EXCEEDED("history_exceeded"),
    /** The position belongs to another sequence: another instance, a restart, another mode. */
    EPOCH_CHANGED("epoch_changed"),
    /** This instance may have missed events: its Redis listener was away. */
    LISTENER_OUTAGE("listener_outage");

    private final String reason;

    Gap(String reason) {
      this.reason = reason;
    }

    /** The {@code reason} of the {@code gap} frame. */
    String reason() {
      return reason;
    }
  }

  private final HistoryLimits limits;
  private final ArrayDeque<OutboundFrame> events = new ArrayDeque<>(4);
  // Every event of the channel after this position is kept or was never received; null: every
  // event since the sequence began.
  private Position coveredAfter;

  /** A history that holds every event after {@code coveredAfter} (null: since the beginning). */
  ChannelHistory(HistoryLimits limits, Position coveredAfter) {
    this.limits = limits;
    this.coveredAfter = coveredAfter;
  }

  /** Keeps {@code frame}, an event with a position, dropping what is now too old or too many. */
  void add(OutboundFrame frame, long nowNanos) {
    if (limits.maxEvents() == 0) {
      coveredAfter = frame.position();
      return;
    }
    trim(nowNanos);
    if (events.size() == limits.maxEvents()) {
      dropOldest();
    }
    if (limits.overBudget()) {
      for (int keep = events.size() / 2; events.size() > keep; ) {
        dropOldest();
      }
    }
    events.addLast(frame);
    limits.used().addAndGet(frame.bytes());
  }

  /** Drops the events older than the age limit. */
  void trim(long nowNanos) {
    long oldest = nowNanos - limits.maxAgeNanos();
    for (OutboundFrame first; (first = events.peekFirst()) != null; ) {
      if (first.receivedNanos() - oldest >= 0) {
        return;
      }
      dropOldest();
    }
  }

  /**
   * Stops keeping events: those after {@code position} are not kept from now on (no one follows the
   * channel here), so a later resume from before it is a gap.
   */
  void skip(Position position) {
    clear();
    coveredAfter = position;
  }

  /** Drops everything kept, giving its bytes back to the budget. */
  void clear() {
    while (!events.isEmpty()) {
      dropOldest();
    }
  }

  private void dropOldest() {
    OutboundFrame dropped = events.pollFirst();
    coveredAfter = dropped.position();
    limits.used().addAndGet(-dropped.bytes());
  }

  /** Whether nothing is kept. */
  boolean isEmpty() {
    return events.isEmpty();
  }

  /**
   * What a client that last saw {@code since} missed, given the epoch {@code epoch} of this
   * instance's positions and the point up to which it may have missed events ({@code missed}, null
   * for none).
   */
  Recovery since(Position since, String epoch, PositionLedger.Horizon missed, long nowNanos) {
    if (!since.epoch().equals(epoch)) {
      return Recovery.gap(Gap.EPOCH_CHANGED);
    }
    // Events after missed.through() may never have arrived: only a client that saw a later one
    // has not lost them.
    if (missed != null && missed.through().sameEpoch(since) && !since.isAfter(missed.through())) {
      return Recovery.gap(missed.reason());
    }
    trim(nowNanos);
    if (coveredAfter != null && coveredAfter.sameEpoch(since) && coveredAfter.isAfter(since)) {
      return Recovery.gap(Gap.HISTORY_EXCEEDED);
    }
    List<OutboundFrame> after = new ArrayList<>();
    Iterator<OutboundFrame> newestFirst = events.descendingIterator();
    while (newestFirst.hasNext()) {
      OutboundFrame frame = newestFirst.next();
      if (!frame.position().sameEpoch(since) || !frame.position().isAfter(since)) {
        break;
      }
      after.add(frame.recovered());
    }
    Collections.reverse(after);
    return Recovery.events(after);
  }

  /** What a resuming client gets for one channel: the events it missed, or why it cannot. */
  record Recovery(List<OutboundFrame> events, Gap gap) {
    static Recovery gap(Gap gap) {
      return new Recovery(List.of(), gap);
    }

    static Recovery events(List<OutboundFrame> events) {
      return new Recovery(events, null);
    }

    boolean recovered() {
      return gap == null;
    }
  }
}
