package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.fanout.ChannelHistory.Gap;
import io.progressrelay.application.service.fanout.ChannelHistory.Recovery;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One user's own channel ({@code user:{id}}: batch and file progress) as this instance keeps it:
 * its recent events for clients that resume, and its latest state, one frame per batch and one per
 * file. Events go out under its lock, so a catch-up and the live events after it never overlap.
 * Thread-safe.
 */
final class UserChannel {
  private final UserId user;
  private final String channelKey;
  private final RouteContext context;
  private final int maxLatestStates;
  // Guarded by this.
  private final ChannelHistory history;
  // By coalesce key (a batch, a file of a batch); iteration order is oldest update first.
  private final LinkedHashMap<String, OutboundFrame> latest = new LinkedHashMap<>();
  private volatile long lastUsedNanos;

  /**
   * The channel of {@code user}, holding every event after {@code coveredAfter} (null: since the
   * sequence began).
   */
  UserChannel(
      UserId user,
      RouteContext context,
      int maxLatestStates,
      Position coveredAfter,
      long nowNanos) {
    this.user = user;
    this.channelKey = EventChannel.keyOf(user);
    this.context = context;
    this.maxLatestStates = maxLatestStates;
    this.history = new ChannelHistory(context.historyLimits(), coveredAfter);
    this.lastUsedNanos = nowNanos;
  }

  /** Sends {@code event} to the user's connections, keeping it as history and latest state. */
  synchronized void relay(ProgressEvent event) {
    lastUsedNanos = event.receivedNanos();
    Position position = event.position().orElse(null);
    OutboundFrame frame = context.frameOf(event);
    if (position != null) {
      history.add(frame, event.receivedNanos());
    }
    latest.remove(event.coalesceKey()); // moved to the newest end
    latest.put(event.coalesceKey(), frame);
    if (latest.size() > maxLatestStates) {
      Iterator<OutboundFrame> oldest = latest.values().iterator();
      oldest.next();
      oldest.remove();
    }
    if (!context.ledger().windowOnly(position)) {
      context.frames().toUser(user, frame, event);
    }
  }

  /**
   * {@code connection} catches up after authenticating: the events since {@code since}, or (null)
   * the latest state of each batch and file, newest first.
   */
  synchronized void catchUp(QueuedClientConnection connection, Position since) {
    Recovery recovery =
        since == null
            ? null
            : history.since(
                since, context.ledger().epoch(), context.ledger().missed(), System.nanoTime());
    connection.caughtUp(channelKey, recovery, latestNewestFirst());
  }

  /** This instance may have missed events: the user's resuming connections are told. */
  synchronized void reportGap(Gap gap) {
    context.frames().gapTo(user, channelKey, gap, latestNewestFirst());
  }

  // Under the lock.
  private List<OutboundFrame> latestNewestFirst() {
    List<OutboundFrame> states = new ArrayList<>(latest.size());
    latest.values().forEach(frame -> states.add(frame.replay()));
    Collections.reverse(states);
    return states;
  }

  /** Drops kept events older than the window. */
  synchronized void trimHistory(long nowNanos) {
    history.trim(nowNanos);
  }

  /** The channel leaves the cache: its kept events give their bytes back to the budget. */
  synchronized void dropHistory() {
    history.clear();
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Whether the channel has seen no event since {@code nanos}. */
  boolean idleSince(long nanos) {
    return lastUsedNanos - nanos < 0;
  }

  UserId user() {
    return user;
  }
}
