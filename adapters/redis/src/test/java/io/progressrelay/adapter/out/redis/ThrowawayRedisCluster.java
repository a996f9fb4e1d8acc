package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of the tests' own: three masters with one replica each, local {@code
 * redis-server} processes on free loopback ports (never 6379), created with {@code redis-cli
 * --cluster create}. One is shared by every test of a JVM ({@link #shared()}) and killed when the
 * JVM exits, failed tests or not. Tests may move slots and fail masters over; they must look up
 * where a channel lives rather than assume it.
 */
public final class ThrowawayRedisCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static ThrowawayRedisCluster shared;

  private final Path directory;
  private final List<HostAndPort> nodes = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private ThrowawayRedisCluster(Path redisServer, int masters) {
    try {
      directory = Files.createTempDirectory("relay-test-redis-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < masters * 2; i++) {
      int port = LocalServerProcess.freePort();
      int busPort = LocalServerProcess.freePort();
      nodes.add(new HostAndPort("127.0.0.1", port));
      processes.add(startNode(redisServer, port, busPort));
    }
  }

  /** The cluster every test of this JVM shares, started on first use. */
  public static synchronized ThrowawayRedisCluster shared() {
    if (shared == null) {
      Path redisServer =
          LocalServerProcess.executable("redis-server")
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "The Redis Cluster tests need redis-server and redis-cli 7 or later"
                              + " (Debian: apt-get install redis-server)"));
      var cluster = new ThrowawayRedisCluster(redisServer, 3);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-teardown"));
      try {
        cluster.create();
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
      shared = cluster;
    }
    return shared;
  }

  private Process startNode(Path redisServer, int port, int busPort) {
    Path nodeDir = directory.resolve(String.valueOf(port));
    try {
      Files.createDirectories(nodeDir);
      return new ProcessBuilder(
              redisServer.toString(),
              "--port",
              String.valueOf(port),
              "--bind",
              "127.0.0.1",
              "--cluster-enabled",
              "yes",
              "--cluster-port",
              String.valueOf(busPort),
              "--cluster-config-file",
              nodeDir.resolve("nodes.conf").toString(),
              "--cluster-node-timeout",
              "2000",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              nodeDir.toString(),
              "--logfile",
              nodeDir.resolve("redis.log").toString())
          .redirectErrorStream(true)
          .redirectOutput(nodeDir.resolve("redis.out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + redisServer, e);
    }
  }

  private void create() {
    for (HostAndPort node : nodes) {
      Awaitility.await("Redis Cluster node " + node)
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> "PONG".equals(admin(node, Jedis::ping)));
    }
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(node -> command.add(node.toString()));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    String output = run(command);
    if (!output.contains("All 16384 slots covered")) {
      throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
    }
    awaitHealthy();
  }

  /** Waits until every node says the cluster is ok and agrees on 3 masters serving every slot. */
  public void awaitHealthy() {
    Awaitility.await("Redis Cluster healthy")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                nodes.stream()
                    .allMatch(
                        node ->
                            admin(node, Jedis::clusterInfo).contains("cluster_state:ok")
                                && ClusterTopology.parse(admin(node, Jedis::clusterSlots))
                                        .masters()
                                        .size()
                                    == 3));
  }

  /** The nodes, masters and replicas, as seeds. */
  public List<HostAndPort> seeds() {
    return List.copyOf(nodes);
  }

  /** {@code host:port,host:port,...} for {@code RELAY_REDIS_CLUSTER_NODES}. */
  public String seedList() {
    return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
  }

  /** A URL of one node, for the credentials and timeout the cluster settings take from it. */
  public URI url() {
    return URI.create("redis://" + nodes.get(0));
  }

  public RedisClusterSettings settings() {
    return new RedisClusterSettings(new RedisSettings(url(), Duration.ofSeconds(2)), nodes);
  }

  /** The master serving {@code channel}'s slot now. */
  public HostAndPort masterOf(String channel) {
    return ClusterTopology.load(settings(), List.of(), "test-admin").masterOf(channel);
  }

  /** The masters now. */
  public List<HostAndPort> masters() {
    return List.copyOf(ClusterTopology.load(settings(), List.of(), "test-admin").masters());
  }

  /** Clients {@code SSUBSCRIBE}d to {@code channel} on {@code node}. */
  public long shardSubscribers(HostAndPort node, String channel) {
    return admin(
        node,
        jedis -> {
          Map<String, Long> counts = jedis.pubsubShardNumSub(channel);
          return counts.getOrDefault(channel, 0L);
        });
  }

  /**
   * Moves {@code channel}'s slot to {@code target} (a master) as {@code redis-cli --cluster
   * reshard} does: importing, migrating, the keys moved, then the owner set on every master.
   */
  public void moveSlotOf(String channel, HostAndPort target) {
    int slot = JedisClusterCRC16.getSlot(channel);
    HostAndPort source = masterOf(channel);
    String sourceId = admin(source, Jedis::clusterMyId);
    String targetId = admin(target, Jedis::clusterMyId);
    admin(target, jedis -> jedis.clusterSetSlotImporting(slot, sourceId));
    admin(source, jedis -> jedis.clusterSetSlotMigrating(slot, targetId));
    admin(
        source,
        jedis -> {
          for (String key : jedis.clusterGetKeysInSlot(slot, 1000)) {
            jedis.migrate(target.getHost(), target.getPort(), key, 0, 5_000);
          }
          return null;
        });
    admin(target, jedis -> jedis.clusterSetSlotNode(slot, targetId));
    admin(source, jedis -> jedis.clusterSetSlotNode(slot, targetId));
    for (HostAndPort master : masters()) { // the others, as redis-cli does
      if (!master.equals(source) && !master.equals(target)) {
        admin(master, jedis -> jedis.clusterSetSlotNode(slot, targetId));
      }
    }
    Awaitility.await("slot " + slot + " at " + target)
        .atMost(START_TIMEOUT)
        .ignoreExceptions()
        .until(() -> nodes.stream().allMatch(node -> slotOwnerSeenBy(node, channel, target)));
  }

  private boolean slotOwnerSeenBy(HostAndPort node, String channel, HostAndPort owner) {
    return ClusterTopology.parse(admin(node, Jedis::clusterSlots)).masterOf(channel).equals(owner);
  }

  /**
   * Fails {@code master} over to its replica ({@code CLUSTER FAILOVER} on the replica, a manual
   * failover without data loss) and returns the new master once every node agrees.
   */
  public HostAndPort failOver(HostAndPort master) {
    String masterId = admin(master, Jedis::clusterMyId);
    HostAndPort replica =
        nodes.stream()
            .filter(
                node ->
                    admin(node, Jedis::clusterNodes)
                        .lines()
                        .anyMatch(line -> isMyself(line) && line.contains("slave " + masterId)))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no replica of " + master));
    admin(replica, Jedis::clusterFailover);
    Awaitility.await("failover of " + master + " to " + replica)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> masters().contains(replica) && !masters().contains(master));
    awaitHealthy();
    return replica;
  }

  private static boolean isMyself(String clusterNodesLine) {
    return clusterNodesLine.contains("myself");
  }

  private <T> T admin(HostAndPort node, java.util.function.Function<Jedis, T> command) {
    try (Jedis jedis = settings().connect(node, "test-admin")) {
      return command.apply(jedis);
    }
  }

  private String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end");
      }
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills every node and deletes their files. */
  @Override
  public synchronized void close() {
    processes.forEach(LocalServerProcess::kill);
    processes.clear();
    LocalServerProcess.deleteRecursively(directory);
  }
}
