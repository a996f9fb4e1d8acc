package io.progressrelay.application.service.fanout;

import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * What this instance knows about routing one upload: the registration it loaded and its
 * subscribers, the events waiting for them meanwhile, and the registration's latest frame for late
 * subscribers. Guarded by its own monitor; never held while waiting on anything but other short
 * queue locks.
 */
final class UploadRoute {
  /** The {@link #registration} of an id that was not registered when the route was loaded. */
  static final long UNREGISTERED = 0;

  final UploadId uploadId;
  boolean ready;
  // Meaningful once ready: which registration the subscribers and the latest frame belong to.
  long registration = UNREGISTERED;
  Set<UserId> subscribers = Set.of();
  OutboundFrame latest;
  // The newest event of the registration not yet written to storage, or null; see
  // LatestEventWriter.
  ProgressEvent unwritten;
  // Small to start with: events wait only while the audience loads, and few users at a time.
  final ArrayDeque<ProgressEvent> pending = new ArrayDeque<>(1);
  final Set<UserId> latestWanted = new HashSet<>(4);
  int generation;
  long lastUsedNanos;
  long retryDelayMillis;

  UploadRoute(UploadId uploadId, long nowNanos) {
    this.uploadId = uploadId;
    this.lastUsedNanos = nowNanos;
  }

  boolean isRegistered() {
    return registration != UNREGISTERED;
  }

  void addSubscriber(UserId user) {
    if (!subscribers.contains(user)) {
      Set<UserId> grown = new HashSet<>(subscribers);
      grown.add(user);
      subscribers = Set.copyOf(grown);
    }
  }

  void removeSubscriber(UserId user) {
    if (subscribers.contains(user)) {
      Set<UserId> shrunk = new HashSet<>(subscribers);
      shrunk.remove(user);
      subscribers = Set.copyOf(shrunk);
    }
  }
}
