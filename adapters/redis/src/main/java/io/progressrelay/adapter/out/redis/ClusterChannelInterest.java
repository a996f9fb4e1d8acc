package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.out.ChannelInterest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import redis.clients.jedis.HostAndPort;

/**
 * {@link ChannelInterest} on a Redis Cluster (sharded pub/sub): routes each wanted channel to the
 * master serving its hash slot, where one {@link RedisChannelInterest} per master batches its
 * {@code SSUBSCRIBE}/{@code SUNSUBSCRIBE} commands on that master's connection. The control channel
 * and its copies ({@link ControlChannelCopies}, one on every master) are always wanted. When the
 * listener learns a new topology ({@link #reassign}) channels whose slot moved are dropped from the
 * old master and subscribed at the new one, whose confirmation alone answers whoever waits for
 * them. Thread-safe; the lock order is this object, then a shard's.
 */
public final class ClusterChannelInterest implements ChannelInterest, AutoCloseable {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final String uploadPrefix;
  private final String userPrefix;
  private final String controlChannel;
  private final ControlChannelCopies controlCopies;
  private final Duration spacing;
  // Guarded by this.
  private final Map<HostAndPort, RedisChannelInterest> shards = new LinkedHashMap<>();
  private final Map<String, HostAndPort> ownerOf = new HashMap<>();
  private final Set<String> unassigned = new LinkedHashSet<>(); // wanted before a topology
  private Set<String> copiesWanted = Set.of(); // the control channel's copies on other masters
  private ClusterTopology topology;
  private Consumer<HostAndPort> shardOpened = node -> {};
  private boolean closed;

  /** Event channels named with the listener's prefixes, and the control channel by its name. */
  public ClusterChannelInterest(String uploadPrefix, String userPrefix, String controlChannel) {
    this(uploadPrefix, userPrefix, controlChannel, RedisChannelInterest.DEFAULT_SPACING);
  }

  /** With commands on each shard connection at least {@code spacing} apart. */
  public ClusterChannelInterest(
      String uploadPrefix, String userPrefix, String controlChannel, Duration spacing) {
    this.uploadPrefix = uploadPrefix;
    this.userPrefix = userPrefix;
    this.controlChannel = controlChannel;
    this.controlCopies = new ControlChannelCopies(controlChannel);
    this.spacing = spacing;
    unassigned.add(controlChannel);
  }

  @Override
  public boolean selective() {
    return true;
  }

  @Override
  public CompletionStage<Void> add(Collection<String> channelKeys) {
    List<CompletionStage<Void>> waits = new ArrayList<>();
    synchronized (this) {
      Map<HostAndPort, List<String>> byShard = new LinkedHashMap<>();
      for (String key : channelKeys) {
        String channel = RedisChannelInterest.channelOf(key, uploadPrefix, userPrefix);
        if (topology == null) {
          unassigned.add(channel); // not connected: nothing to wait for
          continue;
        }
        HostAndPort owner = topology.masterOf(channel);
        ownerOf.put(channel, owner);
        byShard.computeIfAbsent(owner, o -> new ArrayList<>()).add(channel);
      }
      byShard.forEach((node, channels) -> waits.add(shard(node).addChannels(channels)));
    }
    return waits.isEmpty()
        ? DONE
        : CompletableFuture.allOf(
            waits.stream()
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
  }

  @Override
  public void remove(Collection<String> channelKeys) {
    synchronized (this) {
      Map<HostAndPort, List<String>> byShard = new LinkedHashMap<>();
      for (String key : channelKeys) {
        String channel = RedisChannelInterest.channelOf(key, uploadPrefix, userPrefix);
        unassigned.remove(channel);
        HostAndPort owner = ownerOf.remove(channel);
        if (owner != null) {
          byShard.computeIfAbsent(owner, o -> new ArrayList<>()).add(channel);
        }
      }
      byShard.forEach((node, channels) -> shard(node).removeChannels(channels));
    }
  }

  /**
   * Called for each master that gets a connection of its own, from now on (the listener starts its
   * reader there).
   */
  public synchronized void onShardOpened(Consumer<HostAndPort> shardOpened) {
    this.shardOpened = shardOpened;
    shards.keySet().forEach(shardOpened);
  }

  /**
   * The cluster's slots are now served as {@code topology} says: moves every wanted channel whose
   * master changed (dropped at the old one, subscribed at the new one), and keeps one copy of the
   * control channel on every master. Returns how many channels moved.
   */
  public synchronized int reassign(ClusterTopology topology) {
    this.topology = topology;
    Map<HostAndPort, List<String>> dropped = new LinkedHashMap<>();
    Set<String> copiesNow = new LinkedHashSet<>(controlCopies.channels(topology));
    copiesNow.remove(controlChannel);
    for (String copy : copiesWanted) {
      HostAndPort owner = copiesNow.contains(copy) ? null : ownerOf.remove(copy);
      if (owner != null) {
        dropped.computeIfAbsent(owner, o -> new ArrayList<>()).add(copy);
      }
    }
    copiesWanted = copiesNow;
    Set<String> wanted = new LinkedHashSet<>(unassigned);
    wanted.addAll(ownerOf.keySet());
    wanted.addAll(copiesNow);
    unassigned.clear();
    Map<HostAndPort, List<String>> added = new LinkedHashMap<>();
    Map<HostAndPort, List<String>> arrived = new LinkedHashMap<>();
    int moved = 0;
    for (String channel : wanted) {
      HostAndPort now = topology.masterOf(channel);
      HostAndPort before = ownerOf.put(channel, now);
      if (!now.equals(before)) {
        moved += before == null ? 0 : 1;
        if (before != null) {
          dropped.computeIfAbsent(before, o -> new ArrayList<>()).add(channel);
        }
        (before == null ? added : arrived)
            .computeIfAbsent(now, o -> new ArrayList<>())
            .add(channel);
      }
    }
    move(dropped, arrived);
    added.forEach((node, channels) -> shard(node).addChannels(channels));
    return moved;
  }

  // Channels whose slot moved: whoever waits for one waits on for its new master's confirmation,
  // which is reported to the engine as a channel resumed after a lost window (see
  // RedisChannelInterest#moveIn; a new connection there reloads everything instead).
  private void move(
      Map<HostAndPort, List<String>> dropped, Map<HostAndPort, List<String>> arrived) {
    Map<String, CompletableFuture<Void>> waiting = new HashMap<>();
    dropped.forEach((node, channels) -> waiting.putAll(shard(node).moveOut(channels)));
    arrived.forEach(
        (node, channels) -> {
          shard(node).moveIn(channels, waiting);
          channels.forEach(waiting::remove);
        });
    waiting.values().forEach(wait -> wait.complete(null)); // dropped, wanted nowhere (a copy)
  }

  /**
   * After {@link #reassign}: channels a master dropped that the slot map still places there are
   * subscribed there again (the map was behind, and is reloaded again on the {@code MOVED} error).
   */
  public synchronized void resubscribeDropped() {
    shards.values().forEach(RedisChannelInterest::resubscribeDropped);
  }

  /** The channels of one master, for its connection. */
  public synchronized RedisChannelInterest shard(HostAndPort node) {
    RedisChannelInterest shard = shards.get(node);
    if (shard == null) {
      shard = RedisChannelInterest.sharded(uploadPrefix, userPrefix, spacing);
      shards.put(node, shard);
      if (closed) {
        shard.close();
      } else {
        shardOpened.accept(node);
      }
    }
    return shard;
  }

  /** The master the control channel is on, once a topology is known. */
  public synchronized Optional<HostAndPort> controlShard() {
    return Optional.ofNullable(ownerOf.get(controlChannel));
  }

  /** The control channel's name. */
  public String controlChannel() {
    return controlChannel;
  }

  /** The control channel and its copies. */
  public ControlChannelCopies controlCopies() {
    return controlCopies;
  }

  /** Masters that hold a connection's worth of channels now. */
  public synchronized List<HostAndPort> shardsWithChannels() {
    return shards.entrySet().stream()
        .filter(entry -> entry.getValue().wantedChannels() > 0)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Each master that had a connection's worth of channels so far, with them, in order met. */
  public synchronized Map<HostAndPort, RedisChannelInterest> shards() {
    return new LinkedHashMap<>(shards);
  }

  @Override
  public void close() {
    List<RedisChannelInterest> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(shards.values());
    }
    all.forEach(RedisChannelInterest::close);
  }
}
