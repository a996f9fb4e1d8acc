package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.fanout.ChannelHistory.Gap;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.UserId;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user channels this instance keeps, created by a user's first event (or catch-up) and dropped
 * when idle or beyond capacity, least recently used first; dropping one means clients can no longer
 * resume it from before, which the ledger records. Thread-safe.
 */
final class UserChannels {
  private final Map<UserId, UserChannel> channels = new ConcurrentHashMap<>();
  private final RouteContext context;
  private final int maxLatestStates;
  private final int capacity;
  // Whether a channel's window was ever dropped: channels created afterwards cover only later
  // events. Kept apart from the upload routes', which drop theirs far more often.
  private volatile boolean dropped;
  // Up to where windows were dropped, never moving back (see PositionLedger.coverageStart).
  private Position droppedThrough; // guarded by this

  UserChannels(RouteContext context, int maxLatestStates, int capacity) {
    this.context = context;
    this.maxLatestStates = maxLatestStates;
    this.capacity = capacity;
  }

  /** The channel of {@code user}, created if this instance keeps none. */
  UserChannel of(UserId user) {
    UserChannel channel = channels.get(user);
    return channel != null
        ? channel
        : channels.computeIfAbsent(
            user,
            id ->
                new UserChannel(id, context, maxLatestStates, coverageStart(), System.nanoTime()));
  }

  private Position coverageStart() {
    Position last = context.ledger().last();
    return dropped && last != null
        ? PositionLedger.laterOf(last.justBefore(), droppedThrough())
        : null;
  }

  /**
   * Drops the channel of {@code user}, whose events this instance did not receive until now
   * (interest mode): its window and latest states may lack events.
   */
  void forget(UserId user) {
    UserChannel channel = channels.remove(user);
    if (channel != null) {
      dropping();
      channel.dropHistory();
    }
  }

  /**
   * As {@link #forget}, after the user's resuming connections are told: events of the user's
   * channel were missed while its subscription alone was interrupted, whether a channel was kept or
   * not (one created later must not claim the lost events).
   */
  void missed(UserId user, Gap gap) {
    Position last = context.ledger().last();
    droppedThrough(last == null ? null : PositionLedger.justAfter(last)); // even that one was lost
    UserChannel channel = channels.get(user);
    if (channel != null) {
      channel.reportGap(gap);
    }
    forget(user);
  }

  // A window is about to be dropped: channels created later hold only events after now.
  private void dropping() {
    droppedThrough(context.ledger().last());
  }

  private synchronized void droppedThrough(Position through) {
    if (through != null) {
      droppedThrough =
          droppedThrough == null ? through : PositionLedger.laterOf(through, droppedThrough);
    }
    dropped = true;
  }

  private synchronized Position droppedThrough() {
    return droppedThrough;
  }

  /** Every kept channel's resuming clients learn that events may have been missed. */
  void reportGap(Gap gap) {
    channels.values().forEach(channel -> channel.reportGap(gap));
  }

  /** Drops the channels idle since {@code idleBeforeNanos}, then the oldest beyond capacity. */
  void evictIdle(long idleBeforeNanos) {
    long now = System.nanoTime();
    channels.values().forEach(channel -> channel.trimHistory(now));
    if (channels.values().stream().anyMatch(channel -> channel.idleSince(idleBeforeNanos))) {
      dropping();
      channels
          .values()
          .removeIf(
              channel -> {
                boolean idle = channel.idleSince(idleBeforeNanos);
                if (idle) {
                  channel.dropHistory();
                }
                return idle;
              });
    }
    int excess = channels.size() - capacity;
    if (excess > 0) {
      dropping();
      channels.values().stream()
          .sorted(Comparator.comparingLong(UserChannel::lastUsedNanos))
          .limit(excess)
          .forEach(
              channel -> {
                channels.remove(channel.user(), channel);
                channel.dropHistory();
              });
    }
  }

  int size() {
    return channels.size();
  }
}
