package io.progressrelay.adapter.out.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;

/**
 * Publishes the announcer's messages on the control channel of a Redis Cluster and on its copy on
 * every other master ({@link ControlChannelCopies}), from the slot map it loads itself and reloads
 * every few seconds and after a failure. Each master receives the messages in order; a call returns
 * once every master took every message, and throws otherwise. Used by the announcer thread only.
 */
final class ClusterControlChannels implements AutoCloseable {
  private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final RedisClusterSettings cluster;
  private final ControlChannelCopies copies;
  private final String clientName;
  private final ExecutorService replyReaders;
  private List<byte[]> channels = List.of();
  private Set<HostAndPort> masters = Set.of(); // asked first, before the seeds
  private long loadedAtNanos;

  ClusterControlChannels(RedisClusterSettings cluster, String controlChannel, String clientName) {
    this.cluster = cluster;
    this.copies = new ControlChannelCopies(controlChannel);
    this.clientName = clientName;
    this.replyReaders =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              var thread = new Thread(runnable, "redis-announcer-replies");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * {@code SPUBLISH}es every message on every channel. The first try pipelines them, one connection
   * per master; a {@code retry} reloads the slot map and sends them one at a time, each following
   * the cluster's redirections.
   */
  void publish(JedisCluster client, List<byte[]> messages, boolean retry) {
    List<byte[]> targets = channels(retry);
    if (retry) {
      for (byte[] message : messages) {
        for (byte[] channel : targets) {
          client.spublish(channel, message);
        }
      }
      return;
    }
    List<Response<Long>> replies = new ArrayList<>(messages.size() * targets.size());
    try (ClusterPipeline pipeline = client.pipelined(replyReaders)) {
      for (byte[] message : messages) { // the order of the messages on each master's connection
        for (byte[] channel : targets) {
          replies.add(pipeline.spublish(channel, message));
        }
      }
      pipeline.sync();
    }
    replies.forEach(Response::get); // an error reply (a slot moving) throws
  }

  private List<byte[]> channels(boolean reload) {
    long now = System.nanoTime();
    if (reload || channels.isEmpty() || now - loadedAtNanos > RELOAD_NANOS) {
      ClusterTopology topology = ClusterTopology.load(cluster, masters, clientName);
      masters = topology.masters();
      channels =
          copies.channels(topology).stream()
              .map(name -> name.getBytes(StandardCharsets.UTF_8))
              .toList();
      loadedAtNanos = now;
    }
    return channels;
  }

  @Override
  public void close() {
    replyReaders.shutdownNow();
  }
}
