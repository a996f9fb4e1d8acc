package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.fanout.ChannelHistory.Recovery;
import io.progressrelay.application.service.fanout.ProgressThrottle.Held;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's catch-up while it runs: how many channels have yet to answer, the live events
 * held back meanwhile (so none overtakes the older ones the catch-up sends), and, per channel, the
 * newest position the catch-up covered, so a held event it already sent is not sent twice. Not
 * thread-safe: guarded by its connection.
 */
final class CatchUpState {
  private int remaining;
  private final List<Held> held = new ArrayList<>();
  private final Map<String, Position> through = new HashMap<>();

  /** A catch-up waiting for {@code channels} channels to answer. */
  CatchUpState(int channels) {
    this.remaining = channels;
  }

  /** Holds a live event until the catch-up ends. */
  void hold(Held event) {
    held.add(event);
  }

  int heldCount() {
    return held.size();
  }

  /**
   * The frames {@code channelKey} answers with: the events missed since the client's position, or,
   * when they are not all known, a {@code gap} and the latest state, or (no recovery asked) the
   * latest state alone; a null key answers with nothing. Counts the channel as answered.
   */
  List<OutboundFrame> answered(String channelKey, Recovery recovery, List<OutboundFrame> latest) {
    remaining--;
    if (channelKey == null) {
      return List.of();
    }
    List<OutboundFrame> frames = framesOf(channelKey, recovery, latest);
    for (OutboundFrame frame : frames) {
      Position position = frame.position();
      if (position != null) {
        through.merge(channelKey, position, CatchUpState::newer);
      }
    }
    return frames;
  }

  /** What a channel answers with, in a catch-up or on its own. */
  static List<OutboundFrame> framesOf(
      String channelKey, Recovery recovery, List<OutboundFrame> latest) {
    if (recovery == null) {
      return latest;
    }
    if (recovery.recovered()) {
      return recovery.events();
    }
    List<OutboundFrame> frames = new ArrayList<>(latest.size() + 1);
    frames.add(OutboundFrame.gap(channelKey, recovery.gap().reason()));
    frames.addAll(latest);
    return frames;
  }

  /** Whether every channel has answered. */
  boolean complete() {
    return remaining <= 0;
  }

  /**
   * The held live events to send now that the catch-up ends, in the order they came; those the
   * catch-up already sent (or superseded with a newer latest state) are told they were coalesced.
   */
  List<Held> release() {
    List<Held> send = new ArrayList<>(held.size());
    for (Held event : held) {
      Position covered = through.get(event.frame().orderKey());
      Position position = event.frame().position();
      if (covered != null
          && position != null
          && covered.sameEpoch(position)
          && !position.isAfter(covered)) {
        event.missed(DeliveryOutcome.COALESCED);
      } else {
        send.add(event);
      }
    }
    held.clear();
    return send;
  }

  /** The held events, when the connection closes before the catch-up ends. */
  List<Held> drop() {
    List<Held> dropped = new ArrayList<>(held);
    held.clear();
    return dropped;
  }

  private static Position newer(Position a, Position b) {
    return !a.sameEpoch(b) || b.isAfter(a) ? b : a;
  }
}
