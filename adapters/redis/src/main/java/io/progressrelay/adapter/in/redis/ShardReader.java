package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.RedisChannelInterest;
import io.progressrelay.adapter.out.redis.RedisClusterSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisShardedPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Reads one Redis Cluster master's sharded pub/sub connection on a thread of its own ({@code
 * redis-shard-host:port}): connects while the master has channels wanted, {@code SSUBSCRIBE}s them
 * all in its first command, and hands every message and reply to the listener's one handling thread
 * through {@code inbox}, so messages of all masters are handled one at a time and a channel's
 * confirmation in order with its messages. A lost connection is reported, the topology refreshed,
 * and the master connected again with backoff.
 */
final class ShardReader {
  private static final Logger log = LoggerFactory.getLogger(ShardReader.class);

  private final HostAndPort node;
  private final RedisClusterSettings cluster;
  private final String clientName;
  private final RedisChannelInterest shard;
  private final BlockingQueue<Runnable> inbox;
  private final ShardEvents events;
  private final ReconnectBackoff backoff;
  private final OutageLog outages;
  private final CountDownLatch closing;
  private final Thread thread;
  private volatile ShardSession session;
  private volatile boolean subscribed;

  /** What the reader tells the listener, on the handling thread unless said otherwise. */
  interface ShardEvents {
    /** The first command's replies are in: reload what was cached, before the first message. */
    void subscribed(HostAndPort node);

    /**
     * A channel whose events Redis had stopped sending on this connection (its slot moved here from
     * another master, or this master dropped it) is subscribed again: those events are lost, and
     * whatever was cached of the channel must go, before its next message.
     */
    void resubscribed(HostAndPort node, byte[] channel);

    /** A message arrived. */
    void message(byte[] channel, byte[] message);

    /** The topology may have changed (on the reader's thread). */
    void topologyChanged(String why);
  }

  ShardReader(
      HostAndPort node,
      RedisClusterSettings cluster,
      String clientName,
      RedisChannelInterest shard,
      BlockingQueue<Runnable> inbox,
      ShardEvents events,
      ReconnectBackoff backoff,
      AtomicLong outageCount,
      CountDownLatch closing) {
    this.node = node;
    this.cluster = cluster;
    this.clientName = clientName;
    this.shard = shard;
    this.inbox = inbox;
    this.events = events;
    this.backoff = backoff;
    this.outages = new OutageLog("Redis Cluster master " + node, outageCount);
    this.closing = closing;
    this.thread = new Thread(this::run, "redis-shard-" + node);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** True while the master's channels are subscribed, or it has none to subscribe to. */
  boolean isSubscribed() {
    return subscribed || shard.wantedChannels() == 0;
  }

  /** Ends the subscription and waits for the thread, at most {@code millis}. */
  void close(long millis) {
    ShardSession live = session;
    if (live != null) {
      live.unsubscribeAll();
    }
    join(millis / 2);
    live = session;
    if (thread.isAlive() && live != null) {
      live.disconnect();
    }
    join(millis / 2);
  }

  private void join(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  private void run() {
    while (!isClosing()) {
      try {
        if (!shard.awaitWanted(1_000)) {
          continue;
        }
      } catch (InterruptedException e) {
        return;
      }
      boolean lost = readOnce();
      if (lost && !isClosing()) {
        events.topologyChanged("the connection to " + node + " was lost");
        pause();
      }
    }
  }

  // One connection: returns true when it was lost, false when it ended because no channel was left.
  private boolean readOnce() {
    var subscriber = new Subscriber();
    boolean redirected = false;
    try (Jedis jedis = cluster.connect(node, clientName)) {
      List<String> channels = shard.sessionStarting();
      if (channels.isEmpty()) {
        shard.sessionEnded();
        return false;
      }
      subscriber.firstCount = channels.size();
      session = new ShardSession(jedis, subscriber);
      Connection connection = jedis.getConnection();
      connection.setTimeoutInfinite(); // an idle shard is not a dead one
      // SSUBSCRIBE takes one hash slot's channels: every slot but the last is written first, and
      // the
      // last one's command, sent by proceed, flushes them all; all their replies are awaited.
      List<List<String>> bySlot = RedisChannelInterest.bySlot(channels);
      shard.countFirstCommands(bySlot.size());
      for (List<String> slot : bySlot.subList(0, bySlot.size() - 1)) {
        connection.sendCommand(Protocol.Command.SSUBSCRIBE, bytes(slot));
      }
      subscriber.proceed(connection, bytes(bySlot.get(bySlot.size() - 1)));
      if (subscriber.idle && !isClosing()) {
        return false; // the last channel was dropped; connect again when one is wanted
      }
      if (!isClosing()) {
        outages.lost("the master ended the subscription");
      }
      return true;
    } catch (JedisRedirectionException e) { // MOVED: a channel's slot is served elsewhere now
      redirected = true;
      if (!isClosing()) {
        outages.lost(e.getMessage());
      }
      return true;
    } catch (RuntimeException e) { // JedisConnectionException
      if (!isClosing()) {
        outages.lost(e.getMessage());
      }
      return true;
    } finally {
      if (redirected && !isClosing()) {
        shard.sessionRedirected(); // the master is there: what waits goes on waiting
      } else if (!subscriber.idle) {
        shard.sessionEnded();
      }
      subscribed = false;
      session = null;
      outages.connectionClosed();
    }
  }

  private static byte[][] bytes(List<String> channels) {
    return channels.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  private void pause() {
    try {
      closing.await(backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handOver(Runnable step) {
    try {
      inbox.put(step);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Jedis's callbacks, on the reader thread. */
  private final class Subscriber extends BinaryJedisShardedPubSub {
    private int firstCount;
    private int firstReplies;
    private volatile boolean idle;

    @Override
    public void onSSubscribe(byte[] channel, int subscribedChannels) {
      if (firstReplies == 0) {
        shard.sessionOpen(session);
      }
      handOver(
          () -> {
            if (shard.confirmed(channel)) {
              events.resubscribed(node, channel);
            }
          });
      if (++firstReplies == firstCount) {
        backoff.reset();
        outages.subscribed(firstCount + " sharded channels");
        handOver(
            () -> {
              events.subscribed(node);
              subscribed = true;
            });
      }
    }

    @Override
    public void onSUnsubscribe(byte[] channel, int subscribedChannels) {
      if (subscribedChannels == 0 && !isClosing()) {
        idle = true;
        shard.sessionPaused(); // before the reply lets the sender write on this connection again
      }
      if (channel == null) {
        return;
      }
      if (isClosing()) {
        shard.unsubscribed(channel);
      } else if (shard.droppedByRedis(channel)) {
        String name = new String(channel, StandardCharsets.UTF_8);
        log.info("Redis Cluster master {} dropped channel {}: its slot moved", node, name);
        events.topologyChanged("slot of " + name + " moved away from " + node);
      }
    }

    @Override
    public void onSMessage(byte[] channel, byte[] message) {
      handOver(() -> events.message(channel, message));
    }
  }
}
