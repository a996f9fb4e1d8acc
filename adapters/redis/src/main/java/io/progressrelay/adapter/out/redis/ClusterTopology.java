package io.progressrelay.adapter.out.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which master serves each of the 16,384 hash slots of a Redis Cluster, as {@code CLUSTER SLOTS}
 * told it at one moment. Immutable.
 */
public final class ClusterTopology {
  static final int SLOTS = 16_384;

  private final HostAndPort[] masterOfSlot;

  private ClusterTopology(HostAndPort[] masterOfSlot) {
    this.masterOfSlot = masterOfSlot;
  }

  /**
   * Asks the nodes in turn (the cluster's own masters first, then the seeds) until one answers with
   * every slot served.
   *
   * @throws IllegalStateException with each node's reason when none does
   */
  public static ClusterTopology load(
      RedisClusterSettings cluster, Collection<HostAndPort> known, String clientName) {
    Set<HostAndPort> nodes = new LinkedHashSet<>(known);
    nodes.addAll(cluster.seeds());
    StringBuilder reasons = new StringBuilder();
    for (HostAndPort node : nodes) {
      try (Jedis jedis = cluster.connect(node, clientName)) {
        ClusterTopology topology = parse(jedis.clusterSlots());
        Optional<Integer> unserved = topology.firstUnservedSlot();
        if (unserved.isEmpty()) {
          return topology;
        }
        reasons
            .append("; ")
            .append(node)
            .append(": slot ")
            .append(unserved.get())
            .append(" unserved");
      } catch (RuntimeException e) {
        reasons.append("; ").append(node).append(": ").append(e.getMessage());
      }
    }
    throw new IllegalStateException(
        "no node of " + cluster.describe() + " gave a complete slot map" + reasons);
  }

  static ClusterTopology parse(List<Object> clusterSlots) {
    HostAndPort[] masters = new HostAndPort[SLOTS];
    for (Object entry : clusterSlots) {
      List<?> range = (List<?>) entry;
      int from = ((Long) range.get(0)).intValue();
      int to = ((Long) range.get(1)).intValue();
      List<?> master = (List<?>) range.get(2);
      HostAndPort node = new HostAndPort(text(master.get(0)), ((Long) master.get(1)).intValue());
      Arrays.fill(masters, from, to + 1, node);
    }
    return new ClusterTopology(masters);
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(value);
  }

  /** The master serving {@code channel}'s slot. */
  public HostAndPort masterOf(String channel) {
    return masterOfSlot[JedisClusterCRC16.getSlot(channel)];
  }

  /** Every master serving a slot. */
  public Set<HostAndPort> masters() {
    return new LinkedHashSet<>(Arrays.asList(masterOfSlot));
  }

  /** The lowest slot each master serves, in the order of those slots. */
  Map<HostAndPort, Integer> firstSlots() {
    Map<HostAndPort, Integer> first = new LinkedHashMap<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      first.putIfAbsent(masterOfSlot[slot], slot);
    }
    return first;
  }

  /** The master serving {@code slot}. */
  HostAndPort masterOfSlot(int slot) {
    return masterOfSlot[slot];
  }

  private Optional<Integer> firstUnservedSlot() {
    for (int slot = 0; slot < SLOTS; slot++) {
      if (masterOfSlot[slot] == null) {
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }
}
