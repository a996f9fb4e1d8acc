package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.ClusterChannelInterest;
import io.progressrelay.adapter.out.redis.ClusterTopology;
import io.progressrelay.adapter.out.redis.RedisClusterSettings;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.EventChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;

/**
 * Receives events and other instances' audience changes from a Redis Cluster's sharded pub/sub: one
 * connection and reader thread per master that serves a wanted channel ({@link ShardReader}), the
 * channels routed by {@link ClusterChannelInterest}, one thread ({@code redis-listener}) handling
 * every master's messages one at a time, and one ({@code redis-cluster-topology}) that reloads the
 * slot map when a reader reports a moved slot or a lost master, and every few seconds. Thread-safe:
 * {@link #isConnected()}, {@link #stats()} and {@link #close()} may be called from any thread.
 */
public final class RedisClusterListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisClusterListener.class);
  private static final long PERIODIC_REFRESH_MILLIS = 5_000;
  private static final long CLOSE_MILLIS = 2_000;

  private final RedisClusterSettings cluster;
  private final RedisListenerSettings settings;
  private final RedisNodeId nodeId;
  private final ClusterChannelInterest interest;
  private final ListenerCounters counters = new ListenerCounters();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>(100_000);
  private final Map<HostAndPort, ShardReader> readers = new ConcurrentHashMap<>();
  private final Object refreshSignal = new Object();
  private boolean refreshWanted = true; // guarded by refreshSignal
  private volatile ClusterTopology topology;
  private volatile ApplyAudienceChangeUseCase remoteChanges;
  private volatile PubSubMessageHandler handler;
  private Thread handling; // guarded by this
  private Thread refresher; // guarded by this

  /** A listener that has yet to be {@link #start started}. */
  public RedisClusterListener(
      RedisClusterSettings cluster,
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      ClusterChannelInterest interest) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.interest = Objects.requireNonNull(interest, "interest");
    if (!interest.controlChannel().equals(settings.controlChannel())) {
      throw new IllegalArgumentException(
          "the interest and the listener name other control channels");
    }
  }

  /**
   * Starts the threads and returns at once; they connect, and keep reconnecting. Once only, and not
   * after {@link #close()}.
   */
  public synchronized void start(
      RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(remoteChanges, "remoteChanges");
    if (handling != null || isClosing()) {
      throw new IllegalStateException("the listener can be started once, and not after close()");
    }
    this.remoteChanges = remoteChanges;
    this.handler = new PubSubMessageHandler(settings, nodeId, events, remoteChanges, counters);
    handling = daemon("redis-listener", this::handleInbox);
    refresher = daemon("redis-cluster-topology", this::refreshTopology);
    interest.onShardOpened(this::startReader);
  }

  /**
   * True once the slot map is known and every master with wanted channels, the control channel's
   * included, has confirmed them on its current connection.
   */
  public boolean isConnected() {
    if (topology == null || interest.controlShard().isEmpty()) {
      return false;
    }
    for (HostAndPort node : interest.shardsWithChannels()) {
      ShardReader reader = readers.get(node);
      if (reader == null || !reader.isSubscribed()) {
        return false;
      }
    }
    return true;
  }

  /** The channels it subscribes to. */
  public ClusterChannelInterest interest() {
    return interest;
  }

  /** The counts so far, for metrics ({@code outages} counts each master's). */
  public ListenerStats stats() {
    return counters.snapshot();
  }

  /** Ends every subscription and waits (bounded) for the threads. */
  @Override
  public void close() {
    closing.countDown();
    synchronized (refreshSignal) {
      refreshSignal.notifyAll();
    }
    readers.values().forEach(reader -> reader.close(CLOSE_MILLIS));
    Thread handlingThread;
    synchronized (this) {
      handlingThread = handling;
    }
    if (handlingThread != null) {
      handlingThread.interrupt();
    }
  }

  private Thread daemon(String name, Runnable body) {
    var thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  private void startReader(HostAndPort node) {
    readers.computeIfAbsent(
        node,
        n -> {
          var reader =
              new ShardReader(
                  n,
                  cluster,
                  "progress-relay-listener-" + nodeId.value(),
                  interest.shard(n),
                  inbox,
                  new Events(),
                  new ReconnectBackoff(
                      settings.initialBackoff(),
                      settings.maxBackoff(),
                      ReconnectBackoff.FULL_JITTER),
                  counters.outages,
                  closing);
          reader.start();
          return reader;
        });
  }

  private void handleInbox() {
    while (!isClosing()) {
      try {
        inbox.take().run();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Handling a Redis Cluster reply failed; carrying on", e);
      }
    }
  }

  private void requestRefresh() {
    synchronized (refreshSignal) {
      refreshWanted = true;
      refreshSignal.notifyAll();
    }
  }

  private void refreshTopology() {
    var backoff =
        new ReconnectBackoff(
            settings.initialBackoff(), settings.maxBackoff(), ReconnectBackoff.FULL_JITTER);
    boolean failing = false;
    while (!isClosing()) {
      try {
        synchronized (refreshSignal) {
          if (!refreshWanted) {
            refreshSignal.wait(PERIODIC_REFRESH_MILLIS);
          }
          refreshWanted = false;
        }
        if (isClosing()) {
          return;
        }
        ClusterTopology known = topology;
        Set<HostAndPort> masters = known == null ? Set.of() : known.masters();
        ClusterTopology now = ClusterTopology.load(cluster, masters, "progress-relay-topology");
        topology = now;
        int moved = interest.reassign(now);
        interest.resubscribeDropped();
        if (moved > 0) {
          log.info(
              "Redis Cluster slots moved: {} channels now subscribed at their new master", moved);
        }
        if (failing) {
          log.info("Redis Cluster slot map loaded again from {}", cluster.describe());
        }
        failing = false;
        backoff.reset();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!failing) {
          log.warn("Cannot load the Redis Cluster slot map: {}", e.getMessage());
        }
        failing = true;
        requestRefresh();
        try {
          closing.await(backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** What the readers report. */
  private final class Events implements ShardReader.ShardEvents {
    // A master's channels were not received while it was not subscribed, and audience changes may
    // have been missed with them (the control channel's master) or not: reload every cached route,
    // as the single-connection listener does after each subscription.
    @Override
    public void subscribed(HostAndPort node) {
      handler.subscribed();
      try {
        remoteChanges.resynchronize();
      } catch (RuntimeException e) {
        log.warn(
            "Could not resynchronise audiences after subscribing at {}: {}", node, e.getMessage());
      }
    }

    // One channel was away while its connection went on (its slot moved to a master already
    // connected, or its master dropped it): only its events were lost, so only what was cached of
    // it goes, unless it carries the audience changes, whose loss reloads every route.
    @Override
    public void resubscribed(HostAndPort node, byte[] channel) {
      String name = new String(channel, StandardCharsets.UTF_8);
      log.debug("Redis Cluster channel {} subscribed again at {}", name, node);
      if (name.equals(settings.controlChannel())) {
        subscribed(node);
        return;
      }
      EventChannel.parse(settings.uploadPrefix(), settings.userPrefix(), name)
          .ifPresent(
              event -> {
                try {
                  remoteChanges.resynchronize(List.of(event.key()));
                } catch (RuntimeException e) {
                  log.warn("Could not resynchronise {} after its move: {}", name, e.getMessage());
                }
              });
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      handler.handle(channel, message);
    }

    @Override
    public void topologyChanged(String why) {
      log.debug("Reloading the Redis Cluster slot map: {}", why);
      requestRefresh();
    }
  }
}
