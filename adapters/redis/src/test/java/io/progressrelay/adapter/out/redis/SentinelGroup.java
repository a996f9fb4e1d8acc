package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis master, one replica and one Sentinel (quorum 1) of one test's own, local processes on
 * free loopback ports, ready for a failover: the replica is in sync and Sentinel knows it. Never
 * the shared server of the machine.
 */
public final class SentinelGroup implements AutoCloseable {
  public static final String MASTER_NAME = "relay-test-master";
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final Path directory;
  private final HostAndPort first = loopback();
  private final HostAndPort second = loopback();
  private final HostAndPort sentinel = loopback();
  private final Map<HostAndPort, RedisServerProcess> servers;
  private final RedisServerProcess sentinelProcess;
  private final Optional<TestCertificates> tls;

  private SentinelGroup(Optional<TestCertificates> tls) {
    this.tls = tls;
    try {
      directory = Files.createTempDirectory("relay-test-sentinel-");
      List<String> config = new ArrayList<>();
      config.add("bind 127.0.0.1");
      List<String> options = listening(sentinel);
      for (int i = 0; i < options.size(); i += 2) {
        config.add(options.get(i).substring("--".length()) + " " + options.get(i + 1));
      }
      config.add("sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + first.getPort() + " 1");
      config.add("sentinel down-after-milliseconds " + MASTER_NAME + " 1000");
      config.add("sentinel failover-timeout " + MASTER_NAME + " 5000");
      Files.writeString(directory.resolve("sentinel.conf"), String.join("\n", config) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    servers =
        Map.of(
            first, server("first", first, List.of()),
            second,
                server(
                    "second",
                    second,
                    List.of("--replicaof", "127.0.0.1", String.valueOf(first.getPort()))));
    sentinelProcess =
        RedisServerProcess.start(
            directory,
            "sentinel",
            List.of(directory.resolve("sentinel.conf").toString(), "--sentinel"));
  }

  /** Starts the three processes and waits until a failover would find a replica to promote. */
  public static SentinelGroup start() {
    return start(Optional.empty());
  }

  /**
   * As {@link #start()}, with every process speaking TLS only (replication and Sentinel's links
   * too), with the certificates of {@code certificates}; client certificates are optional.
   */
  public static SentinelGroup startWithTls(TestCertificates certificates) {
    return start(Optional.of(certificates));
  }

  private static SentinelGroup start(Optional<TestCertificates> tls) {
    var group = new SentinelGroup(tls);
    try {
      group.awaitReplicaKnownToSentinel();
    } catch (RuntimeException e) {
      String logs = group.logs();
      group.close();
      throw new IllegalStateException("the Sentinel group did not settle: " + logs, e);
    }
    return group;
  }

  private RedisServerProcess server(String name, HostAndPort address, List<String> extra) {
    var arguments =
        new ArrayList<>(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
    arguments.addAll(listening(address));
    arguments.addAll(extra);
    return RedisServerProcess.start(directory, name, arguments);
  }

  /** The Sentinels' addresses, as {@code RELAY_REDIS_SENTINELS} takes them. */
  public String sentinelList() {
    return sentinel.toString();
  }

  /** Settings that find the master through this group's Sentinel, plain TCP, no user. */
  public RedisSettings settings() {
    var connection =
        tls.isEmpty()
            ? RedisConnectionSettings.plain(Duration.ofSeconds(2))
            : RedisConnectionSettings.plain(Duration.ofSeconds(2))
                .withTls(RedisTls.of(Optional.of(tls.get().caCertificate), Optional.empty()));
    String scheme = tls.isEmpty() ? "redis://" : "rediss://";
    return new RedisSettings(URI.create(scheme + MASTER_NAME), Duration.ofSeconds(2))
        .withConnection(connection)
        .withSentinels(new RedisSentinels(MASTER_NAME, List.of(sentinel), connection));
  }

  // The command-line options (as "--name value" pairs) that make a process listen on address.
  private List<String> listening(HostAndPort address) {
    if (tls.isEmpty()) {
      return List.of("--port", String.valueOf(address.getPort()));
    }
    TestCertificates certificates = tls.get();
    return List.of(
        "--port", "0",
        "--tls-port", String.valueOf(address.getPort()),
        "--tls-cert-file", certificates.serverCertificate.toString(),
        "--tls-key-file", certificates.serverKey.toString(),
        "--tls-ca-cert-file", certificates.caCertificate.toString(),
        "--tls-auth-clients", "optional",
        "--tls-replication", "yes");
  }

  /** The server Sentinel names the master now. */
  public HostAndPort master() {
    try (Jedis jedis = connectTo(sentinel)) {
      List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
      return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
    }
  }

  /** A plain connection to {@code server}, for the test to publish or look around; closed by it. */
  public Jedis connectTo(HostAndPort server) {
    return new Jedis(server, settings().connection().clientConfig("test-admin"));
  }

  /**
   * {@code SENTINEL FAILOVER}: the replica becomes the master while the old master keeps running
   * (Sentinel demotes it seconds later); returns once Sentinel names the new master and it accepts
   * writes.
   */
  public HostAndPort failOver() {
    HostAndPort before = master();
    try (Jedis jedis = connectTo(sentinel)) {
      jedis.sentinelFailover(MASTER_NAME);
    }
    Awaitility.await("Sentinel names a new master")
        .atMost(SETTLE)
        .ignoreExceptions()
        .until(() -> !master().equals(before) && isWritableMaster(master()));
    return master();
  }

  /**
   * Kills the master (SIGKILL); returns once Sentinel has noticed, promoted the replica and the
   * replica accepts writes.
   */
  public HostAndPort killMaster() {
    HostAndPort before = master();
    servers.get(before).kill();
    Awaitility.await("Sentinel promotes the replica of the killed master")
        .atMost(SETTLE)
        .ignoreExceptions()
        .until(() -> !master().equals(before) && isWritableMaster(master()));
    return master();
  }

  /**
   * Applies ACL {@code rules} to {@code user} on both servers (ACL users are not replicated), for
   * example {@code "reset", "on", ">pw", "+ping"}.
   */
  public void setUserRules(String user, String... rules) {
    for (HostAndPort server : servers.keySet()) {
      try (Jedis jedis = connectTo(server)) {
        jedis.aclSetUser(user, rules);
      }
    }
  }

  /**
   * What both servers' {@code ACL LOG}s hold for {@code user}, each line prefixed with its server.
   */
  public List<String> aclDenials(String user) {
    List<String> denials = new ArrayList<>();
    for (HostAndPort server : servers.keySet()) {
      try (Jedis jedis = connectTo(server)) {
        AclDenials.of(jedis, user).forEach(d -> denials.add(server + ": " + d));
      }
    }
    return denials;
  }

  private void awaitReplicaKnownToSentinel() {
    Awaitility.await("the replica in sync, and known to Sentinel")
        .atMost(SETTLE)
        .ignoreExceptions()
        .until(
            () -> {
              try (Jedis replica = connectTo(second);
                  Jedis watcher = connectTo(sentinel)) {
                boolean inSync = replica.info("replication").contains("master_link_status:up");
                var known = watcher.sentinelReplicas(MASTER_NAME);
                return inSync
                    && known.size() == 1
                    && known.get(0).get("flags").equals("slave")
                    && "ok".equals(known.get(0).get("master-link-status"));
              }
            });
  }

  private boolean isWritableMaster(HostAndPort server) {
    try (Jedis jedis = connectTo(server)) {
      return jedis.role().get(0).equals("master") && "OK".equals(jedis.set("sentinel-probe", "1"));
    }
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    servers.values().forEach(server -> text.append('\n').append(server.logTail()));
    return text.append('\n').append(sentinelProcess.logTail()).toString();
  }

  private static HostAndPort loopback() {
    return new HostAndPort("127.0.0.1", LocalServerProcess.freePort());
  }

  @Override
  public void close() {
    sentinelProcess.kill();
    servers.values().forEach(RedisServerProcess::kill);
    LocalServerProcess.deleteRecursively(directory);
  }
}
