package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.fanout.ChannelHistory.Gap;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where this instance stands in its events' sequence, for clients that resume: it numbers the
 * events of pub/sub mode as they arrive (streams mode brings entry ids), knows the newest position,
 * which events still wait for their upload's audience (so a client is never told to resume past
 * them), and up to where this instance may have missed events or dropped channels' histories.
 * Numbering happens on the one thread that hands events in; the rest is thread-safe.
 */
final class PositionLedger {
  /** Up to which position, and why, a client cannot resume here. */
  record Horizon(Position through, Gap reason) {}

  private final String epoch;
  private long numbered;
  private volatile Position last;
  private volatile Position windowOnlyThrough;
  // The newest event whose routing finished: it went out, or waits among the pending.
  private volatile Position routed;
  private volatile Horizon missed;
  private volatile boolean forgotten;
  // Up to where channels' histories were dropped: the newest position then (that event may have
  // been the dropped channel's), or just after it for a channel whose events were not received,
  // so no channel created later claims to hold what was dropped or lost. Never moves back.
  private volatile Position forgottenThrough;
  // Guarded by itself; only events that wait for a load, so usually empty.
  private final TreeMap<Position, Integer> pending = new TreeMap<>();
  // How many events wait, readable without the lock: most events find none and skip it.
  private volatile int pendingCount;

  /** A ledger of pub/sub mode, numbering in a fresh random epoch, or of streams mode. */
  PositionLedger(boolean streamPositions) {
    this.epoch = streamPositions ? Position.STREAM_EPOCH : randomEpoch();
  }

  /** The epoch clients' positions must have to be resumed here. */
  String epoch() {
    return epoch;
  }

  /**
   * {@code event} with its position: its stream entry id, or the next number of this run. A stream
   * that starts with this event may have had earlier ones this instance never read.
   */
  ProgressEvent positioned(ProgressEvent event) {
    Position position;
    if (event.position().isPresent()) {
      position = event.position().get();
      if (last == null && position.isStreamEntry() && missed == null) {
        missed = new Horizon(position.justBefore(), Gap.HISTORY_EXCEEDED);
      }
    } else {
      position = Position.numbered(epoch, ++numbered);
      event = event.at(position);
    }
    last = position;
    return event;
  }

  /**
   * The stream is read after {@code start}: a client that last saw {@code start} or an earlier
   * position cannot resume here, unless this instance already reads from earlier on.
   */
  void readingAfter(Position start) {
    Horizon now = missed;
    if (last == null && (now == null || now.through().isAfter(start.justBefore()))) {
      missed = new Horizon(start.justBefore(), Gap.HISTORY_EXCEEDED);
    }
  }

  /** Events up to {@code through} only rebuild resume windows: see {@link #windowOnly}. */
  void windowOnlyThrough(Position through) {
    windowOnlyThrough = through;
  }

  /**
   * Whether the event at {@code position} was stored and delivered before this instance started (a
   * stream read again from before its checkpoint), so it only goes to the resume windows.
   */
  boolean windowOnly(Position position) {
    Position through = windowOnlyThrough;
    return through != null
        && position != null
        && through.sameEpoch(position)
        && !position.isAfter(through);
  }

  /** {@code position}'s event has been routed: sent, or left waiting for its audience. */
  void routed(Position position) {
    routed = position;
  }

  /** The newest position handed in, or null. */
  Position last() {
    return last;
  }

  /**
   * Where this instance may have started missing events, or null: a client that last saw this
   * position or an earlier one cannot resume here.
   */
  Horizon missed() {
    return missed;
  }

  /** Events up to the newest may have been missed (the listener was away). */
  void missedUntilNow(Gap reason) {
    Position now = last;
    if (now != null) {
      missed = new Horizon(now, reason);
    }
  }

  /**
   * Where a channel created now starts holding every event: null (from the sequence's beginning)
   * until some channel's history has been dropped, since until then every event reached a kept
   * channel; afterwards from the newest position on, since a dropped channel may be created again,
   * and after the newest position when the last history was dropped.
   */
  Position coverageStart() {
    Position now = last;
    return forgotten && now != null ? laterOf(now.justBefore(), forgottenThrough) : null;
  }

  /** A channel's history is about to be dropped; call before dropping it. */
  void forgetting() {
    forgotten(last);
  }

  /**
   * As {@link #forgetting()} for a channel whose events were not received until now (its
   * subscription was interrupted): even a client that saw the newest position may have missed them,
   * so a channel created later holds only what comes after it.
   */
  void missedOnOneChannel() {
    Position now = last;
    forgotten(now == null ? null : justAfter(now));
  }

  private synchronized void forgotten(Position through) {
    if (through != null) {
      Position before = forgottenThrough;
      forgottenThrough = before == null ? through : laterOf(through, before);
    }
    forgotten = true;
  }

  /**
   * A position after {@code position} and not after the next one: between two numbers in pub/sub
   * mode, the next sequence of the same millisecond in streams mode. Never sent to clients.
   */
  static Position justAfter(Position position) {
    return new Position(position.epoch(), position.major(), position.minor() + 1);
  }

  /** The later of {@code position} and {@code other} (null, or of another epoch: ignored). */
  static Position laterOf(Position position, Position other) {
    return other == null || !other.sameEpoch(position) || !other.isAfter(position)
        ? position
        : other;
  }

  /** An event now waits for its upload's audience. */
  void pending(Position position) {
    synchronized (pending) {
      pending.merge(position, 1, Integer::sum);
      pendingCount++;
    }
  }

  /** An event stopped waiting (it went out, or was dropped). */
  void released(Position position) {
    synchronized (pending) {
      Integer count = pending.get(position);
      if (count == null) {
        return;
      }
      if (count == 1) {
        pending.remove(position);
      } else {
        pending.put(position, count - 1);
      }
      pendingCount--;
    }
  }

  /**
   * The position a frame at {@code position} lets a client resume from: null for its own, or an
   * earlier one while an older event still waits for its audience.
   */
  Position cursorFor(Position position) {
    if (pendingCount == 0) {
      return null;
    }
    synchronized (pending) {
      if (pending.isEmpty()) {
        return null;
      }
      Position oldest = pending.firstKey();
      return oldest.sameEpoch(position) && position.isAfter(oldest) ? oldest.justBefore() : null;
    }
  }

  /**
   * The newest position through which every event handed in has been routed (none waits for an
   * audience), or null before the first.
   */
  Position settledThrough() {
    Position now = routed;
    synchronized (pending) {
      if (pending.isEmpty() || now == null) {
        return now;
      }
      Map.Entry<Position, Integer> oldest = pending.firstEntry();
      return oldest.getKey().sameEpoch(now) ? oldest.getKey().justBefore() : now;
    }
  }

  private static String randomEpoch() {
    var random = new SecureRandom();
    var out = new StringBuilder(8);
    String digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 8; i++) {
      out.append(digits.charAt(random.nextInt(digits.length())));
    }
    return out.toString();
  }
}
