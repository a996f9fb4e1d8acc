package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.fanout.ChannelHistory.Gap;
import io.progressrelay.application.service.fanout.ChannelHistory.Recovery;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.domain.DeliveryPolicies;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.EventRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Hands one event's frame, built once, to the queue of every connection of its recipients, and
 * tells history what became of it through one tracker per event. Per recipient it only looks up the
 * user's connections and queues a reference on each: no parsing, no storage, no socket call, and
 * nothing allocated, with history on or off. Thread-safe; an upload's events arrive here under its
 * route's lock, so they reach each queue in publish order.
 */
final class FrameDispatcher {
  private final ConnectionRegistry connections;
  private final DeliveryPolicies policies;
  private final DeliveryHistoryRecorder history;
  private final AtomicLong eventSequence = new AtomicLong();
  final AtomicLong eventsWithoutAudience = new AtomicLong();
  final AtomicLong framesQueued = new AtomicLong();
  final AtomicLong framesCoalesced = new AtomicLong();
  final AtomicLong framesRateLimited = new AtomicLong();

  /** A dispatcher over {@code connections} that records outcomes to {@code history} (or none). */
  FrameDispatcher(
      ConnectionRegistry connections, DeliveryPolicies policies, DeliveryHistoryRecorder history) {
    this.connections = connections;
    this.policies = policies;
    this.history = history;
  }

  /**
   * The frame every recipient of {@code event} shares, telling clients of positions they may resume
   * from {@code cursor} (null: from the event's own position).
   */
  OutboundFrame frameOf(ProgressEvent event, Position cursor) {
    return OutboundFrame.ofEvent(event, policies.forKind(event.kind()), cursor);
  }

  /** The frame of an upload's latest event as storage kept it, for subscribers who join later. */
  OutboundFrame frameOf(UploadId uploadId, LatestEvent stored) {
    return OutboundFrame.ofStoredLatest(
        uploadId, stored, policies.forKind(EventKind.ofAction(stored.action())));
  }

  /**
   * An upload's event, to every connection of each of its subscribers; true when one of them has a
   * connection here.
   */
  boolean toSubscribers(Set<UserId> subscribers, OutboundFrame frame, ProgressEvent event) {
    EventRecord record = historyOf(event, frame);
    if (subscribers.isEmpty()) {
      eventsWithoutAudience.incrementAndGet();
      if (record != null) {
        history.record(record, DeliveryRecords.noSubscribers(record), event.kind());
      }
      return false;
    }
    DeliveryTracker tracker = trackerOf(record, event, subscribers.size());
    boolean reached = false;
    for (UserId subscriber : subscribers) {
      reached |= toConnectionsOf(subscriber, frame, tracker);
    }
    sealed(tracker);
    return reached;
  }

  /** A user channel's event as {@code frame}, to every connection of that user. */
  void toUser(UserId user, OutboundFrame frame, ProgressEvent event) {
    DeliveryTracker tracker = trackerOf(historyOf(event, frame), event, 1);
    toConnectionsOf(user, frame, tracker);
    sealed(tracker);
  }

  // A replay of the latest frame (null for none) to a new subscriber, not a delivery of a new
  // event: only to the connections that want it; a connection resuming the upload with its own
  // subscribe request gets what it missed from recovery instead. Runs once per subscription,
  // never per event, under the upload route's lock.
  // A user who already followed the upload subscribing again (a client re-subscribing after it
  // reconnected) changes nothing for their other connections that see positions: they have every
  // event already, so the replay is skipped there.
  void latestTo(
      UserId user,
      String channelKey,
      OutboundFrame latest,
      Function<Position, Recovery> recovery,
      boolean alreadyFollowed) {
    OutboundFrame replay = null;
    for (QueuedClientConnection connection : connections.of(user)) {
      if (connection.wantsLatestOnSubscribe()) {
        if (connection.resumesBySubscribing(channelKey, recovery, latest)) {
          continue;
        }
        if (alreadyFollowed && connection.resumes() && !connection.isAnswering(channelKey)) {
          continue;
        }
        if (latest != null) {
          replay = replay == null ? latest.replay() : replay;
          count(connection.offerLatest(replay));
        }
      }
    }
  }

  // This instance may have missed events of channelKey: its user's resuming connections are told,
  // with the latest frame (null for none). Runs once per channel after a listener outage.
  void gapTo(UserId user, String channelKey, Gap gap, OutboundFrame latest) {
    for (QueuedClientConnection connection : connections.of(user)) {
      if (connection.resumes()) {
        connection.offerGap(channelKey, gap, latest == null ? List.of() : List.of(latest.replay()));
      }
    }
  }

  // The same for a user channel, whose latest state is one frame per batch and file.
  void gapTo(UserId user, String channelKey, Gap gap, List<OutboundFrame> latestStates) {
    for (QueuedClientConnection connection : connections.of(user)) {
      if (connection.resumes()) {
        connection.offerGap(channelKey, gap, latestStates);
      }
    }
  }

  // One tracker for the event and all its recipients (none when history is off).
  private DeliveryTracker trackerOf(EventRecord record, ProgressEvent event, int recipients) {
    return record == null
        ? null
        : new DeliveryTracker(record, event.kind(), event.receivedNanos(), recipients, history);
  }

  private static void sealed(DeliveryTracker tracker) {
    if (tracker != null) {
      tracker.sealed();
    }
  }

  // True when the user has a connection here.
  private boolean toConnectionsOf(UserId user, OutboundFrame frame, DeliveryTracker tracker) {
    QueuedClientConnection[] targets = connections.of(user);
    int recipient = tracker == null ? 0 : tracker.add(user, targets.length);
    for (QueuedClientConnection connection : targets) {
      count(connection.offer(frame, tracker, recipient));
    }
    return targets.length > 0;
  }

  // The event as history keeps it, or null when no history is recorded.
  private EventRecord historyOf(ProgressEvent event, OutboundFrame frame) {
    if (history == null) {
      return null;
    }
    return new EventRecord(
        history.instanceId() + ":" + Long.toString(eventSequence.incrementAndGet(), 36),
        event.channel().name(),
        event.action(),
        event.uploadId(),
        event.batchId(),
        frame.bytes(),
        event.receivedAt(),
        history.instanceId());
  }

  private void count(QueuedClientConnection.Offer offer) {
    switch (offer) {
      case QUEUED -> framesQueued.incrementAndGet();
      case COALESCED -> framesCoalesced.incrementAndGet();
      case RATE_LIMITED -> framesRateLimited.incrementAndGet();
      case OVERFLOWED, REFUSED -> {
        // closed as a slow consumer (counted by the connection), or concurrently
      }
    }
  }
}
