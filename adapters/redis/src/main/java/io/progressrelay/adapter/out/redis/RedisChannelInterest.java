package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.out.ChannelInterest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChannelInterest} on the listener's own pub/sub connection (interest mode): keeps the set
 * of channels the engine wants and has one thread, {@code redis-interest}, send what changed as
 * {@code SUBSCRIBE}/{@code UNSUBSCRIBE} commands. At most one command's replies are awaited at a
 * time, and whatever changes meanwhile goes out together in the next command, so a burst of a
 * thousand connects costs a few commands however fast it comes, and never a fixed delay. The
 * listener thread only reports the replies it reads ({@link #confirmed}, {@link #unsubscribed}); it
 * never sends a command. A new connection subscribes to the whole set at once ({@link
 * #sessionStarting}). Thread-safe.
 */
public final class RedisChannelInterest implements ChannelInterest, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisChannelInterest.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * The least time between two commands: a change waits at most this long (behind a burst), and a
   * burst costs at most one command per spacing.
   */
  public static final java.time.Duration DEFAULT_SPACING = java.time.Duration.ofMillis(25);

  /** Channels in one command at most, so a command stays a bounded write. */
  static final int MAX_CHANNELS_PER_COMMAND = 10_000;

  private final String uploadPrefix;
  private final boolean bySlot;
  private final String userPrefix;
  private final Thread sender;
  private final long spacingNanos;
  private long lastSentNanos; // sender thread only
  private final AtomicLong subscribeCommands = new AtomicLong();
  private final AtomicLong unsubscribeCommands = new AtomicLong();
  // All guarded by this.
  private final Set<String> wanted = new HashSet<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private final Set<String> sent = new HashSet<>(); // subscribed on this connection, or asked to be
  private final Set<String> confirmed = new HashSet<>(); // Redis's replies say subscribed
  private final Map<String, CompletableFuture<Void>> awaiting = new HashMap<>();
  // Wanted channels whose events were not received for a while although this connection went on
  // (Redis dropped them, or they moved here from another master): their next confirmation is
  // reported, since the engine must learn of the lost window. A new connection clears those it
  // subscribes: its first subscription reloads everything anyway.
  private final Set<String> interrupted = new HashSet<>();
  // Dropped by Redis, and sent on no connection until the slot map says where they now live.
  private final Set<String> parked = new HashSet<>();
  private boolean live; // a connection is subscribing or subscribed
  private SubscriptionCommands commands; // once the connection's first reply arrived
  private int repliesAwaited;
  private boolean closed;

  /**
   * Channels named with the listener's prefixes ({@code uploadPrefix + id}, {@code userPrefix +
   * id}).
   */
  public RedisChannelInterest(String uploadPrefix, String userPrefix) {
    this(uploadPrefix, userPrefix, DEFAULT_SPACING);
  }

  /** With commands at least {@code spacing} apart. */
  public RedisChannelInterest(String uploadPrefix, String userPrefix, java.time.Duration spacing) {
    this(uploadPrefix, userPrefix, spacing, false);
  }

  /**
   * For one Redis Cluster master's sharded connection: {@code SSUBSCRIBE} takes the channels of one
   * hash slot per command, so each change is sent as one command per slot, written together.
   */
  static RedisChannelInterest sharded(
      String uploadPrefix, String userPrefix, java.time.Duration spacing) {
    return new RedisChannelInterest(uploadPrefix, userPrefix, spacing, true);
  }

  private RedisChannelInterest(
      String uploadPrefix, String userPrefix, java.time.Duration spacing, boolean bySlot) {
    this.bySlot = bySlot;
    // A master's connection is opened because a channel is wanted there: whoever adds one waits
    // for its first subscription (or its failure), not only for later ones.
    this.live = bySlot;
    this.spacingNanos = spacing.toNanos();
    this.uploadPrefix = uploadPrefix;
    this.userPrefix = userPrefix;
    this.sender = new Thread(this::sendChanges, "redis-interest");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public boolean selective() {
    return true;
  }

  @Override
  public CompletionStage<Void> add(Collection<String> channelKeys) {
    return addChannels(channelKeys.stream().map(this::channelOf).toList());
  }

  /** As {@link #add}, with channels named as in Redis (the cluster adds its control channel). */
  public CompletionStage<Void> addChannels(Collection<String> channels) {
    List<CompletableFuture<Void>> waits = new ArrayList<>(channels.size());
    synchronized (this) {
      for (String channel : channels) {
        wanted.add(channel);
        changed.add(channel);
        if (live && !(sent.contains(channel) && confirmed.contains(channel))) {
          waits.add(awaiting.computeIfAbsent(channel, c -> new CompletableFuture<>()));
        }
      }
      notifyAll();
    }
    return waits.isEmpty()
        ? DONE
        : CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
  }

  @Override
  public void remove(Collection<String> channelKeys) {
    removeChannels(channelKeys.stream().map(this::channelOf).toList());
  }

  /** As {@link #remove}, with channels named as in Redis. */
  public void removeChannels(Collection<String> channels) {
    unwant(channels).values().forEach(wait -> wait.complete(null));
  }

  /**
   * The listener connected and is about to subscribe: returns every channel wanted, which it
   * subscribes to in its first command, with the control channel; but not those Redis dropped while
   * they wait for the slot map ({@link #droppedByRedis}).
   */
  public synchronized List<String> sessionStarting() {
    live = true;
    interrupted.retainAll(parked);
    sent.clear();
    sent.addAll(wanted);
    sent.removeAll(parked);
    confirmed.clear();
    changed.clear();
    repliesAwaited = sent.size();
    return List.copyOf(sent);
  }

  /** The connection's first reply arrived: commands can be sent on it from now on. */
  public synchronized void sessionOpen(SubscriptionCommands commands) {
    this.commands = commands;
    notifyAll();
  }

  /**
   * Redis confirmed a subscription to {@code channel} (on the listener thread). Returns true when
   * the channel's events were not received for a while before, on a connection that went on (see
   * {@link #droppedByRedis}, {@link #moveIn}): the caller tells the engine, before the channel's
   * next message, that they were lost.
   */
  public boolean confirmed(byte[] channel) {
    CompletableFuture<Void> done;
    boolean resumed;
    synchronized (this) {
      String name = new String(channel, StandardCharsets.UTF_8);
      replied();
      confirmed.add(name);
      done = wanted.contains(name) ? awaiting.remove(name) : null;
      resumed = interrupted.remove(name) && wanted.contains(name);
    }
    if (done != null) {
      done.complete(null); // outside the lock: what waits may go on at once
    }
    return resumed;
  }

  /** Redis confirmed that {@code channel} is no longer subscribed (on the listener thread). */
  public synchronized void unsubscribed(byte[] channel) {
    replied();
    confirmed.remove(new String(channel, StandardCharsets.UTF_8));
  }

  /**
   * As {@link #unsubscribed}, on a sharded connection that is not closing. Returns true when the
   * channel is still wanted and was not asked to be dropped: Redis dropped it itself (a Redis
   * Cluster node does, with {@code SUNSUBSCRIBE}, when the channel's slot moves away or the node
   * becomes a replica). Such a channel waits for the slot map to be reloaded: it then moves to its
   * new master ({@link #moveOut}), or is subscribed here again ({@link #resubscribeDropped}) if the
   * map still names this one. Sending it here at once would only meet a {@code MOVED} error, which
   * ends the connection and every other channel's subscription on it.
   */
  public synchronized boolean droppedByRedis(byte[] channel) {
    String name = new String(channel, StandardCharsets.UTF_8);
    confirmed.remove(name);
    if (wanted.contains(name) && sent.contains(name)) {
      sent.remove(name);
      parked.add(name);
      interrupted.add(name);
      return true;
    }
    replied();
    return false;
  }

  /**
   * The slot map was reloaded and moved what it moved: channels Redis dropped that are still wanted
   * here are subscribed here again with the next command (the map was behind; a {@code MOVED} error
   * makes it reload again).
   */
  public synchronized void resubscribeDropped() {
    for (String channel : parked) {
      if (wanted.contains(channel)) {
        changed.add(channel);
      }
    }
    parked.clear();
    notifyAll();
  }

  /**
   * As {@link #removeChannels}, for channels whose slot moved to another master: whoever waits for
   * one is not released but handed over, in the returned map, to wait for the new master ({@link
   * #moveIn}).
   */
  public Map<String, CompletableFuture<Void>> moveOut(Collection<String> channels) {
    return unwant(channels);
  }

  // Takes the channels out of the wanted set (to be unsubscribed) and returns who waited for them.
  private synchronized Map<String, CompletableFuture<Void>> unwant(Collection<String> channels) {
    Map<String, CompletableFuture<Void>> waiting = new HashMap<>();
    for (String channel : channels) {
      wanted.remove(channel);
      changed.add(channel);
      interrupted.remove(channel);
      parked.remove(channel);
      CompletableFuture<Void> wait = awaiting.remove(channel);
      if (wait != null) {
        waiting.put(channel, wait);
      }
    }
    notifyAll();
    return waiting;
  }

  /**
   * As {@link #addChannels}, for channels whose slot moved here from another master: their events
   * were lost from the moment the other master stopped sending them, so their confirmation here is
   * reported ({@link #confirmed} returns true) unless a new connection subscribes them, and the
   * futures of {@code waiting} (handed over by {@link #moveOut}) complete with it, or at once while
   * this master is not connected.
   */
  public void moveIn(Collection<String> channels, Map<String, CompletableFuture<Void>> waiting) {
    List<CompletableFuture<Void>> released = new ArrayList<>();
    synchronized (this) {
      for (String channel : channels) {
        wanted.add(channel);
        changed.add(channel);
        CompletableFuture<Void> handedOver = waiting.get(channel);
        if (sent.contains(channel) && confirmed.contains(channel)) {
          released.add(handedOver); // never dropped here: nothing was lost on this connection
          continue;
        }
        interrupted.add(channel);
        if (handedOver == null) {
          continue;
        }
        if (live) {
          awaiting
              .computeIfAbsent(channel, c -> new CompletableFuture<>())
              .thenRun(() -> handedOver.complete(null));
        } else {
          released.add(handedOver);
        }
      }
      notifyAll();
    }
    released.stream().filter(Objects::nonNull).forEach(wait -> wait.complete(null));
  }

  /**
   * The connection is dropped because the master answered that a channel's slot is served elsewhere
   * ({@code MOVED}): unlike a lost connection, the master is there and the slot map is being
   * reloaded, so whoever waits keeps waiting, for this master's next connection or for the master
   * the channel moves to ({@link #moveOut}). The next connection subscribes the whole set.
   */
  public synchronized void sessionRedirected() {
    commands = null;
    sent.clear();
    confirmed.clear();
    changed.clear();
    interrupted.retainAll(parked);
    repliesAwaited = 0;
  }

  /**
   * The connection left subscribed mode because its last channel was dropped: no command may be
   * sent on it any more, but whoever waits for a channel keeps waiting for the next connection
   * (which subscribes to the whole set), unless that one fails ({@link #sessionEnded}).
   */
  public synchronized void sessionPaused() {
    commands = null;
    repliesAwaited = 0;
  }

  /**
   * Waits up to {@code millis} until some channel is wanted; returns whether one is (or closed).
   */
  public synchronized boolean awaitWanted(long millis) throws InterruptedException {
    if (!someToSubscribe() && !closed) {
      wait(millis);
    }
    return someToSubscribe() && !closed;
  }

  // Whether a wanted channel may be subscribed here: not only channels Redis dropped, which wait
  // for the slot map (a connection made for them alone would meet MOVED).
  private boolean someToSubscribe() {
    return wanted.size() > parked.size();
  }

  /**
   * The connection is gone: nobody waits for it (the listener reports the outage and resynchronises
   * when it is back, and then subscribes to the whole set again).
   */
  public void sessionEnded() {
    List<CompletableFuture<Void>> released;
    synchronized (this) {
      live = false;
      commands = null;
      sent.clear();
      confirmed.clear();
      changed.clear();
      interrupted.retainAll(parked);
      repliesAwaited = 0;
      released = List.copyOf(awaiting.values());
      awaiting.clear();
    }
    released.forEach(wait -> wait.complete(null));
  }

  /** {@code SUBSCRIBE} commands sent so far, the first of each connection included. */
  public long subscribeCommands() {
    return subscribeCommands.get();
  }

  /** {@code UNSUBSCRIBE} commands sent so far. */
  public long unsubscribeCommands() {
    return unsubscribeCommands.get();
  }

  /** Channels Redis has confirmed on the current connection (the control channel not counted). */
  public synchronized int subscribedChannels() {
    return confirmed.size();
  }

  /** Channels the engine wants now. */
  public synchronized int wantedChannels() {
    return wanted.size();
  }

  /**
   * As {@link #subscribedChannels}, the channels {@code excluded} matches not counted (a cluster
   * master's connection subscribes to the control channel, or a copy of it, with the event
   * channels).
   */
  public synchronized int subscribedChannelsExcept(Predicate<String> excluded) {
    return (int) confirmed.stream().filter(excluded.negate()).count();
  }

  /** As {@link #wantedChannels}, the channels {@code excluded} matches not counted. */
  public synchronized int wantedChannelsExcept(Predicate<String> excluded) {
    return (int) wanted.stream().filter(excluded.negate()).count();
  }

  /** Counts the first command of a connection, which the listener sends itself. */
  public void countFirstCommand() {
    subscribeCommands.incrementAndGet();
  }

  /** Counts the first commands of a sharded connection, one per hash slot, sent together. */
  public void countFirstCommands(int commands) {
    subscribeCommands.addAndGet(commands);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      sender.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void replied() {
    if (repliesAwaited > 0 && --repliesAwaited == 0) {
      notifyAll();
    }
  }

  private String channelOf(String key) {
    return channelOf(key, uploadPrefix, userPrefix);
  }

  /** The Redis channel of a prefix-free channel key. */
  static String channelOf(String key, String uploadPrefix, String userPrefix) {
    if (key.startsWith("upload:")) {
      return uploadPrefix + key.substring("upload:".length());
    }
    if (key.startsWith("user:")) {
      return userPrefix + key.substring("user:".length());
    }
    throw new IllegalArgumentException("not a channel key (upload:{id}, user:{id}): " + key);
  }

  /** What the next commands send, on which connection. */
  private record Batch(SubscriptionCommands commands, List<String> subscribe, List<String> drop) {}

  private void sendChanges() {
    lastSentNanos = System.nanoTime() - spacingNanos;
    for (Batch batch = nextBatch(); batch != null; batch = nextBatch()) {
      lastSentNanos = System.nanoTime();
      try {
        for (List<String> group : groups(batch.subscribe())) {
          send(group, batch.commands()::subscribe, subscribeCommands);
        }
        for (List<String> group : groups(batch.drop())) {
          send(group, batch.commands()::unsubscribe, unsubscribeCommands);
        }
      } catch (RuntimeException e) { // the connection broke: the listener starts over
        log.debug("Could not change the Redis subscriptions: {}", e.getMessage());
      }
    }
  }

  // Waits until a connection is open, the replies to the last command are in, something changed
  // and the spacing since the last command has passed; null once closed.
  private synchronized Batch nextBatch() {
    while (!closed) {
      try {
        if (commands == null || repliesAwaited > 0 || changed.isEmpty()) {
          wait();
          continue;
        }
        long early = lastSentNanos + spacingNanos - System.nanoTime();
        if (early <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, early);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    if (closed) {
      return null;
    }
    List<String> subscribe = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    for (String channel : changed) {
      if (wanted.contains(channel) && sent.add(channel)) {
        subscribe.add(channel);
      } else if (!wanted.contains(channel) && sent.remove(channel)) {
        drop.add(channel);
      }
    }
    changed.clear();
    repliesAwaited = subscribe.size() + drop.size();
    return new Batch(commands, subscribe, drop);
  }

  private List<List<String>> groups(List<String> channels) {
    return bySlot ? bySlot(channels) : List.of(channels);
  }

  /** {@code channels} grouped by hash slot, for sharded commands (one slot each). */
  public static List<List<String>> bySlot(Collection<String> channels) {
    Map<Integer, List<String>> groups = new java.util.LinkedHashMap<>();
    for (String channel : channels) {
      groups
          .computeIfAbsent(
              redis.clients.jedis.util.JedisClusterCRC16.getSlot(channel),
              slot -> new ArrayList<>())
          .add(channel);
    }
    return List.copyOf(groups.values());
  }

  private static void send(
      List<String> channels, java.util.function.Consumer<byte[][]> command, AtomicLong count) {
    for (int from = 0; from < channels.size(); from += MAX_CHANNELS_PER_COMMAND) {
      List<String> chunk =
          channels.subList(from, Math.min(channels.size(), from + MAX_CHANNELS_PER_COMMAND));
      command.accept(
          chunk.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
      count.incrementAndGet();
    }
  }
}
