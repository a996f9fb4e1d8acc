package io.progressrelay.adapter.out.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * A Redis Cluster: the seed nodes to learn the topology from, and the connection settings every
 * node is reached with ({@link RedisSettings#connection()}: TLS with its CA and client certificate,
 * ACL user, timeout), the same as for one server.
 */
public record RedisClusterSettings(RedisSettings redis, List<HostAndPort> seeds) {
  private static final int POOL_SIZE_PER_NODE = 8;

  // Jedis asks the seeds for the slot map while it builds a cluster client and throws when none
  // answers (down, a wrong password, a certificate refused), which would stop the relay's start
  // with "Could not initialize cluster slots cache." and no reason. With this property (read by
  // Jedis's ClusterConnectionProvider, for every cluster client of the process) the client is built
  // all the same and asks the seeds again at its next command, so an instance starts while the
  // cluster cannot be reached, as on one server, and /readyz says why it is not ready (the Jedis
  // wiki's answer to that exception). It also lets Jedis take a slot map with holes when it renews
  // one; a command for a slot it has no node for then goes to some node and follows its MOVED.
  private static final String JEDIS_INIT_NO_ERROR = "jedis.cluster.initNoError";

  public RedisClusterSettings {
    Objects.requireNonNull(redis, "redis");
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
    }
    if (redis.connection().database() != 0) {
      throw new IllegalArgumentException(
          "Redis Cluster has database 0 only; the Redis URL names database "
              + redis.connection().database());
    }
    if (redis.sentinels().isPresent()) {
      throw new IllegalArgumentException(
          "Redis Cluster fails over by itself: Sentinel is for one server, not a cluster");
    }
  }

  /**
   * Parses {@code host:port,host:port,...}.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<HostAndPort> parseNodes(String nodes) {
    List<HostAndPort> parsed = new ArrayList<>();
    for (String entry : nodes.split(",")) {
      String node = entry.trim();
      int colon = node.lastIndexOf(':');
      if (colon <= 0 || colon == node.length() - 1) {
        throw new IllegalArgumentException("'" + node + "' is not host:port");
      }
      int port;
      try {
        port = Integer.parseInt(node.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + node + "' has no numeric port");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("'" + node + "' has a port outside 1..65535");
      }
      parsed.add(new HostAndPort(node.substring(0, colon), port));
    }
    return parsed;
  }

  /**
   * A cluster client for commands routed by key or channel; the caller closes it. Built even while
   * no node answers: its commands fail until one does.
   */
  public JedisCluster open(String clientName) {
    System.setProperty(JEDIS_INIT_NO_ERROR, "true");
    var pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE_PER_NODE);
    pool.setMaxIdle(POOL_SIZE_PER_NODE);
    pool.setMinIdle(0);
    pool.setMaxWait(redis.timeout());
    return new JedisCluster(
        new HashSet<>(seeds),
        redis.connection().clientConfig(clientName),
        5,
        redis.timeout(),
        pool);
  }

  /** A plain connection to one node of the cluster; the caller closes it. */
  public Jedis connect(HostAndPort node, String clientName) {
    return new Jedis(node, redis.connection().clientConfig(clientName));
  }

  /** The seeds, without the password the URL may carry. */
  public String describe() {
    return "Redis Cluster " + seeds;
  }
}
