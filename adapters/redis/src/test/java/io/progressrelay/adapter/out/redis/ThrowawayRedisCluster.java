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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of the tests' own: three masters with one replica each, local {@code
 * redis-server} processes on free loopback ports (never 6379), created with {@code redis-cli
 * --cluster create}. One is shared by every test of a JVM ({@link #shared()}) and killed when the
 * JVM exits, failed tests or not; a test that kills nodes, or needs TLS and an ACL user, starts one
 * of its own ({@link #start}, {@link #overTls}) and closes it. Tests may move slots, fail masters
 * over and kill them; they must look up where a channel lives rather than assume it.
 */
public final class ThrowawayRedisCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHARED_NODE_TIMEOUT = Duration.ofMillis(2000);
  private static ThrowawayRedisCluster shared;

  private final Path redisServer;
  private final ClusterNodeConfig config;
  private final Path directory;
  private final List<HostAndPort> nodes = new ArrayList<>();
  private final Map<HostAndPort, Process> processes = new LinkedHashMap<>(); // guarded by this

  private ThrowawayRedisCluster(Path redisServer, ClusterNodeConfig config, int masters) {
    this.redisServer = redisServer;
    this.config = config;
    try {
      directory = Files.createTempDirectory("relay-test-redis-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < masters * 2; i++) {
      var node = new HostAndPort("127.0.0.1", LocalServerProcess.freePort());
      writeConfig(node, LocalServerProcess.freePort());
      nodes.add(node);
      processes.put(node, startNode(node));
    }
  }

  /** The cluster every test of this JVM shares, started on first use. */
  public static synchronized ThrowawayRedisCluster shared() {
    if (shared == null) {
      shared = create(ClusterNodeConfig.plain(SHARED_NODE_TIMEOUT));
    }
    return shared;
  }

  /**
   * A plain cluster of the caller's own, whose nodes take a master for failed after {@code
   * nodeTimeout} ({@code cluster-node-timeout}); the caller closes it.
   */
  public static ThrowawayRedisCluster start(Duration nodeTimeout) {
    return create(ClusterNodeConfig.plain(nodeTimeout));
  }

  /**
   * A cluster of the caller's own that speaks TLS only, to clients, between nodes and for
   * replication ({@code port 0}, {@code tls-cluster yes}, {@code tls-replication yes}), with the
   * server certificate of {@code certificates} (for 127.0.0.1) and client certificates required;
   * the default user is off and {@code user} with {@code password} may do everything (the replicas
   * sign in as it too). The caller closes it.
   */
  public static ThrowawayRedisCluster overTls(
      TestCertificates certificates, String user, String password) {
    return create(ClusterNodeConfig.tls(certificates, user, password, SHARED_NODE_TIMEOUT));
  }

  private static ThrowawayRedisCluster create(ClusterNodeConfig config) {
    Path redisServer =
        LocalServerProcess.executable("redis-server")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The Redis Cluster tests need redis-server and redis-cli 7 or later"
                            + " (Debian: apt-get install redis-server)"));
    var cluster = new ThrowawayRedisCluster(redisServer, config, 3);
    // Killed when the JVM exits too, should a test end before it closes its cluster.
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-teardown"));
    try {
      cluster.create();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private Path nodeDirectory(HostAndPort node) {
    return directory.resolve(String.valueOf(node.getPort()));
  }

  private void writeConfig(HostAndPort node, int busPort) {
    Path nodeDir = nodeDirectory(node);
    try {
      Files.createDirectories(nodeDir);
      Files.writeString(
          nodeDir.resolve("redis.conf"), config.configFile(node.getPort(), busPort, nodeDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process startNode(HostAndPort node) {
    Path nodeDir = nodeDirectory(node);
    try {
      return new ProcessBuilder(redisServer.toString(), nodeDir.resolve("redis.conf").toString())
          .redirectErrorStream(true)
          .redirectOutput(nodeDir.resolve("redis.out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + redisServer, e);
    }
  }

  private void create() {
    for (int i = 0; i < nodes.size(); i++) {
      for (int attempt = 1; !answers(nodes.get(i)); attempt++) {
        HostAndPort lost = nodes.get(i);
        if (attempt == 3) {
          throw new IllegalStateException(
              "Redis Cluster node " + lost + " did not start:\n" + logTail(lost));
        }
        // Its port was taken between freePort() and the server's bind (another process, or an
        // outgoing connection's ephemeral port): start it again on other ports.
        synchronized (this) {
          processes.remove(lost).destroyForcibly();
        }
        var node = new HostAndPort("127.0.0.1", LocalServerProcess.freePort());
        writeConfig(node, LocalServerProcess.freePort());
        nodes.set(i, node);
        synchronized (this) {
          processes.put(node, startNode(node));
        }
      }
    }
    List<String> command = new ArrayList<>(List.of("redis-cli"));
    command.addAll(config.redisCliOptions());
    command.addAll(List.of("--cluster", "create"));
    nodes.forEach(node -> command.add(node.toString()));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    String output = run(command);
    if (!output.contains("All 16384 slots covered")) {
      throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
    }
    awaitHealthy();
  }

  // True once the node answers PING; false when its process ended or it never answered.
  private boolean answers(HostAndPort node) {
    Process process;
    synchronized (this) {
      process = processes.get(node);
    }
    try {
      Awaitility.await("Redis Cluster node " + node)
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> !process.isAlive() || "PONG".equals(admin(node, Jedis::ping)));
    } catch (ConditionTimeoutException e) {
      return false;
    }
    return process.isAlive();
  }

  /**
   * Waits until every running node says the cluster is ok and agrees on 3 masters serving every
   * slot, and every replica is in sync with its master: a replica that has not synchronised yet
   * does not take over when its master dies (it counts its data as too old).
   */
  public void awaitHealthy() {
    Awaitility.await("Redis Cluster healthy")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> runningNodes().stream().allMatch(this::healthy));
  }

  private boolean healthy(HostAndPort node) {
    String replication = admin(node, jedis -> jedis.info("replication"));
    return admin(node, Jedis::clusterInfo).contains("cluster_state:ok")
        && ClusterTopology.parse(admin(node, Jedis::clusterSlots)).masters().size() == 3
        && (replication.contains("role:master") || replication.contains("master_link_status:up"));
  }

  /** The nodes, masters and replicas, as seeds. */
  public List<HostAndPort> seeds() {
    return List.copyOf(nodes);
  }

  /** {@code host:port,host:port,...} for {@code RELAY_REDIS_CLUSTER_NODES}. */
  public String seedList() {
    return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
  }

  /**
   * A URL of one node, for the scheme and credentials the cluster settings take from it: {@code
   * redis://host:port}, or over TLS {@code rediss://user:password@host:port}.
   */
  public URI url() {
    return config.url(nodes.get(0));
  }

  /**
   * How a client reaches the cluster: over TLS trusting the test's authority, with its certificate.
   */
  public RedisClusterSettings settings() {
    return new RedisClusterSettings(config.settings(nodes.get(0)), nodes);
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
        .until(
            () -> runningNodes().stream().allMatch(node -> slotOwnerSeenBy(node, channel, target)));
  }

  private boolean slotOwnerSeenBy(HostAndPort node, String channel, HostAndPort owner) {
    return ClusterTopology.parse(admin(node, Jedis::clusterSlots)).masterOf(channel).equals(owner);
  }

  /**
   * Fails {@code master} over to its replica ({@code CLUSTER FAILOVER} on the replica, a manual
   * failover without data loss) and returns the new master once every node agrees.
   */
  public HostAndPort failOver(HostAndPort master) {
    HostAndPort replica = replicaOf(master);
    admin(replica, Jedis::clusterFailover);
    awaitPromotion(replica, master);
    return replica;
  }

  /** Whether {@code node} says it is a master now ({@code INFO replication}). */
  public boolean isMaster(HostAndPort node) {
    return admin(node, jedis -> jedis.info("replication")).contains("role:master");
  }

  /** The replica of {@code master}. */
  public HostAndPort replicaOf(HostAndPort master) {
    String masterId = admin(master, Jedis::clusterMyId);
    return runningNodes().stream()
        .filter(
            node ->
                admin(node, Jedis::clusterNodes)
                    .lines()
                    .anyMatch(line -> isMyself(line) && line.contains("slave " + masterId)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no replica of " + master));
  }

  /**
   * Ends {@code node}'s process at once (SIGKILL), as a crash would; the cluster notices after its
   * node timeout, and a killed master's replica takes over.
   */
  public synchronized void kill(HostAndPort node) {
    Process process = processes.remove(node);
    if (process == null) {
      throw new IllegalStateException(node + " is not running");
    }
    LocalServerProcess.kill(process);
  }

  /** Waits until {@code replica} serves {@code master}'s slots and every running node agrees. */
  public void awaitPromotion(HostAndPort replica, HostAndPort master) {
    Awaitility.await("failover of " + master + " to " + replica)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                runningNodes().stream()
                    .allMatch(
                        node -> {
                          var seen = ClusterTopology.parse(admin(node, Jedis::clusterSlots));
                          return seen.masters().contains(replica)
                              && !seen.masters().contains(master);
                        }));
    awaitHealthy();
  }

  private synchronized List<HostAndPort> runningNodes() {
    return List.copyOf(processes.keySet());
  }

  private static boolean isMyself(String clusterNodesLine) {
    return clusterNodesLine.contains("myself");
  }

  private <T> T admin(HostAndPort node, java.util.function.Function<Jedis, T> command) {
    try (Jedis jedis = settings().connect(node, "test-admin")) {
      return command.apply(jedis);
    }
  }

  /**
   * Lets the ACL user of a cluster {@link #overTls} sign in with {@code password} too, on every
   * running node ({@code ACL SETUSER user >password}).
   */
  public void addPassword(String password) {
    aclSetUser(">" + password);
  }

  /** Takes back a password given with {@link #addPassword}. */
  public void removePassword(String password) {
    aclSetUser("<" + password);
  }

  private void aclSetUser(String rule) {
    String user =
        config
            .user()
            .flatMap(RedisUser::username)
            .orElseThrow(() -> new IllegalStateException("this cluster has no ACL user"));
    runningNodes().forEach(node -> admin(node, jedis -> jedis.aclSetUser(user, rule)));
  }

  /**
   * Applies ACL {@code rules} to {@code user} on every running node (ACL users are per node), for
   * example {@code "reset", "on", ">pw", "+ping"}.
   */
  public void setUserRules(String user, String... rules) {
    runningNodes().forEach(node -> admin(node, jedis -> jedis.aclSetUser(user, rules)));
  }

  /**
   * What the running nodes' {@code ACL LOG}s hold for {@code user}, each line prefixed with its
   * node.
   */
  public List<String> aclDenials(String user) {
    List<String> denials = new ArrayList<>();
    for (HostAndPort node : runningNodes()) {
      admin(node, jedis -> AclDenials.of(jedis, user)).forEach(d -> denials.add(node + ": " + d));
    }
    return denials;
  }

  /** The last lines of {@code node}'s log, to explain a failure or read what it did. */
  public String logTail(HostAndPort node) {
    return LocalServerProcess.tail(nodeDirectory(node).resolve("redis.log"), 3000);
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
    processes.values().forEach(LocalServerProcess::kill);
    processes.clear();
    LocalServerProcess.deleteRecursively(directory);
  }
}
