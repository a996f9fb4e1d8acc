package io.progressrelay.adapter.out.redis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * How the nodes of a {@link ThrowawayRedisCluster} are configured and reached: plain TCP with the
 * default user, or TLS only (clients, the cluster bus and replication; client certificates
 * required) with the certificates of {@link TestCertificates}, the default user off and one ACL
 * user that clients, {@code redis-cli} and the replicas sign in as.
 */
final class ClusterNodeConfig {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Duration nodeTimeout;
  private final Optional<TestCertificates> tls;
  private final Optional<RedisUser> user;

  private ClusterNodeConfig(
      Duration nodeTimeout, Optional<TestCertificates> tls, Optional<RedisUser> user) {
    this.nodeTimeout = nodeTimeout;
    this.tls = tls;
    this.user = user;
  }

  static ClusterNodeConfig plain(Duration nodeTimeout) {
    return new ClusterNodeConfig(nodeTimeout, Optional.empty(), Optional.empty());
  }

  static ClusterNodeConfig tls(
      TestCertificates certificates, String user, String password, Duration nodeTimeout) {
    return new ClusterNodeConfig(
        nodeTimeout,
        Optional.of(certificates),
        Optional.of(new RedisUser(Optional.of(user), password)));
  }

  /** The text of a node's {@code redis.conf}. */
  String configFile(int port, int busPort, Path directory) {
    List<String> lines = new ArrayList<>();
    if (tls.isPresent()) {
      TestCertificates certificates = tls.get();
      lines.addAll(
          List.of(
              "port 0",
              "tls-port " + port,
              "tls-cluster yes",
              "tls-replication yes",
              "tls-cert-file " + certificates.serverCertificate,
              "tls-key-file " + certificates.serverKey,
              "tls-ca-cert-file " + certificates.caCertificate,
              "tls-auth-clients yes"));
    } else {
      lines.add("port " + port);
    }
    user.ifPresent(
        u -> {
          String name = u.username().orElseThrow();
          lines.add("user default off");
          lines.add("user " + name + " on >" + u.password() + " ~* &* +@all");
          lines.add("masteruser " + name);
          lines.add("masterauth " + u.password());
        });
    lines.addAll(
        List.of(
            "bind 127.0.0.1",
            "cluster-enabled yes",
            "cluster-port " + busPort,
            "cluster-config-file " + directory.resolve("nodes.conf"),
            "cluster-node-timeout " + nodeTimeout.toMillis(),
            "save \"\"",
            "appendonly no",
            "dir " + directory,
            "logfile " + directory.resolve("redis.log")));
    return String.join("\n", lines) + "\n";
  }

  /** What {@code redis-cli} needs before its command to reach a node. */
  List<String> redisCliOptions() {
    List<String> options = new ArrayList<>();
    tls.ifPresent(
        certificates ->
            options.addAll(
                List.of(
                    "--tls",
                    "--cacert",
                    certificates.caCertificate.toString(),
                    "--cert",
                    certificates.clientCertificate.toString(),
                    "--key",
                    certificates.clientKey.toString())));
    user.ifPresent(
        u ->
            options.addAll(
                List.of(
                    "--user",
                    u.username().orElseThrow(),
                    "--pass",
                    u.password(),
                    "--no-auth-warning")));
    return options;
  }

  /** {@code redis://host:port}, or {@code rediss://user:password@host:port}. */
  URI url(HostAndPort node) {
    String credentials =
        user.map(u -> u.username().orElseThrow() + ":" + u.password() + "@").orElse("");
    return URI.create((tls.isPresent() ? "rediss://" : "redis://") + credentials + node);
  }

  /** How a client reaches {@code node}: trusting the test's authority, with its certificate. */
  RedisSettings settings(HostAndPort node) {
    var settings = new RedisSettings(url(node), TIMEOUT);
    if (tls.isEmpty()) {
      return settings;
    }
    var client = new RedisTls.ClientCertificate(tls.get().clientCertificate, tls.get().clientKey);
    var trusted = RedisTls.of(Optional.of(tls.get().caCertificate), Optional.of(client));
    return settings.withConnection(settings.connection().withTls(trusted));
  }

  /** The ACL user's name and password, if the nodes have one. */
  Optional<RedisUser> user() {
    return user;
  }
}
