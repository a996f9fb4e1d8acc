package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.ChannelInterest;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Counts which event channels this instance needs: a user's channel while the user has a connection
 * here, an upload's while a user connected here follows it. A channel needed for the first time is
 * added to the {@link ChannelInterest} port at once; one no longer needed is removed by {@link
 * #sweep} once it has been unneeded for the linger, so a reconnect costs no command. One lock
 * (this) guards every count, so the last follower leaving and a new one arriving are ordered, and
 * the port sees each channel's adds and removes in that order. Thread-safe; never blocks.
 *
 * <p>A channel added afresh was not received before, so what this instance cached of it (an
 * upload's route, a user's channel) may be stale: {@code stale} is told once the port confirmed the
 * channel, before anyone waiting for it goes on and before its next event is handled. When the port
 * confirms at once (not connected, or in memory) it runs under this lock, so this tracker is never
 * called under a lock {@code stale} takes (the engine releases closed connections from a loader
 * thread, never under a route's lock).
 */
final class InterestTracker {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ChannelInterest port;
  private final long lingerNanos;
  private final Consumer<String> stale;
  private final Map<UserId, LocalUser> users = new HashMap<>();
  private final Map<String, Watched> channels = new HashMap<>();

  /** A user connected here: their connections, and the uploads they follow. */
  private static final class LocalUser {
    int connections;
    final Set<UploadId> follows = new HashSet<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
  }

  /** A channel added to the port and not yet removed. */
  private static final class Watched {
    int holders;
    long idleSinceNanos;
    CompletableFuture<Void> received; // completes once the port confirmed it and stale ran
  }

  /**
   * What a connection learns when it joins: whether it is its user's first here, and when the
   * user's channels are received.
   */
  record Joined(boolean first, CompletableFuture<Void> ready) {}

  InterestTracker(ChannelInterest port, long lingerNanos, Consumer<String> stale) {
    this.port = port;
    this.lingerNanos = lingerNanos;
    this.stale = stale;
  }

  /**
   * A connection of {@code user} opened. The first of the user's here adds the user's channel; it
   * then loads what the user follows and calls {@link #followAll}, and completes {@link
   * Joined#ready} (which later connections wait for) with {@link #ready}.
   */
  synchronized Joined connected(UserId user) {
    LocalUser local = users.computeIfAbsent(user, id -> new LocalUser());
    if (local.connections++ > 0) {
      return new Joined(false, local.ready);
    }
    return new Joined(true, hold(EventChannel.keyOf(user)));
  }

  /** The first connection of {@code user} has set up the user's channels (or given up waiting). */
  synchronized void ready(UserId user) {
    LocalUser local = users.get(user);
    if (local != null) {
      local.ready.complete(null);
    }
  }

  /** A connection of {@code user} closed; the last one releases all the user's channels. */
  synchronized void disconnected(UserId user) {
    LocalUser local = users.get(user);
    if (local == null || --local.connections > 0) {
      return;
    }
    users.remove(user);
    local.ready.complete(null);
    release(EventChannel.keyOf(user));
    local.follows.forEach(upload -> release(EventChannel.keyOf(upload)));
  }

  /**
   * {@code user} follows {@code upload}: when the user is connected here, the upload's channel is
   * needed. Completes once its events are received (at once when the user is not connected here).
   */
  synchronized CompletableFuture<Void> follow(UserId user, UploadId upload) {
    LocalUser local = users.get(user);
    if (local == null) {
      return DONE;
    }
    String key = EventChannel.keyOf(upload);
    return local.follows.add(upload) ? hold(key) : channels.get(key).received;
  }

  /** As {@link #follow} for each of {@code uploads}; completes when all are received. */
  synchronized CompletableFuture<Void> followAll(UserId user, Collection<UploadId> uploads) {
    List<CompletableFuture<Void>> all = new ArrayList<>(uploads.size());
    uploads.forEach(upload -> all.add(follow(user, upload)));
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** The users with a connection here now. */
  synchronized List<UserId> connectedUsers() {
    return List.copyOf(users.keySet());
  }

  /**
   * What {@code user} follows, as storage says after announcements may have been missed: uploads no
   * longer followed are released, new ones held (a user no longer connected is left alone).
   */
  synchronized void resetFollows(UserId user, Collection<UploadId> uploads) {
    LocalUser local = users.get(user);
    if (local == null) {
      return;
    }
    Set<UploadId> now = new HashSet<>(uploads);
    for (Iterator<UploadId> it = local.follows.iterator(); it.hasNext(); ) {
      UploadId upload = it.next();
      if (!now.contains(upload)) {
        it.remove();
        release(EventChannel.keyOf(upload));
      }
    }
    now.forEach(upload -> follow(user, upload));
  }

  /** {@code user} no longer follows {@code upload}. */
  synchronized void unfollow(UserId user, UploadId upload) {
    LocalUser local = users.get(user);
    if (local != null && local.follows.remove(upload)) {
      release(EventChannel.keyOf(upload));
    }
  }

  /** {@code upload} was deleted, and every subscription to it with it. */
  synchronized void uploadDeleted(UploadId upload) {
    users
        .values()
        .forEach(
            local -> {
              if (local.follows.remove(upload)) {
                release(EventChannel.keyOf(upload));
              }
            });
  }

  /**
   * Removes from the port, in one call, the channels unneeded for the linger or longer. Under the
   * lock, so a channel needed again right after reaches the port as an add after this remove.
   */
  synchronized void sweep(long nowNanos) {
    List<String> unneeded = new ArrayList<>();
    for (Iterator<Map.Entry<String, Watched>> it = channels.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Watched> entry = it.next();
      Watched watched = entry.getValue();
      if (watched.holders == 0 && nowNanos - watched.idleSinceNanos >= lingerNanos) {
        unneeded.add(entry.getKey());
        it.remove();
      }
    }
    if (!unneeded.isEmpty()) {
      port.remove(unneeded);
    }
  }

  /** The channels added to the port and not removed yet, lingering ones included. */
  synchronized int channelCount() {
    return channels.size();
  }

  private CompletableFuture<Void> hold(String key) {
    Watched watched = channels.get(key);
    if (watched == null) {
      watched = new Watched();
      channels.put(key, watched);
      watched.received =
          port.add(List.of(key)).toCompletableFuture().thenRun(() -> stale.accept(key));
    }
    watched.holders++;
    return watched.received;
  }

  private void release(String key) {
    Watched watched = channels.get(key);
    if (watched != null && --watched.holders == 0) {
      watched.idleSinceNanos = System.nanoTime();
    }
  }
}
