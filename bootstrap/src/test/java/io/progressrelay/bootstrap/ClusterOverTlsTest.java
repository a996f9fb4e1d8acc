package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.TestCertificates;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The relay on a Redis Cluster of the test's own that speaks TLS only (to clients, between nodes,
 * for replication), with certificates of the test's authority, client certificates required and the
 * default user off: the relay reaches every master with the URL's ACL user, the custom CA and its
 * client certificate; a stranger's CA and a wrong password leave it not ready, with the reason.
 */
class ClusterOverTlsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String USER = "relay";
  private static final String PASSWORD = "relay-password";

  private static TestCertificates certificates;
  private static ThrowawayRedisCluster cluster;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create();
    cluster = ThrowawayRedisCluster.overTls(certificates, USER, PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    certificates.close();
  }

  private static Map<String, String> clusterEnvironment(String caFile) {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_REDIS_MODE", "cluster");
    env.put("RELAY_REDIS_CLUSTER_NODES", cluster.seedList());
    env.put("RELAY_REDIS_SUBSCRIPTIONS", "interest");
    env.put("RELAY_REDIS_TLS_CA_FILE", caFile);
    env.put("RELAY_REDIS_TLS_CERT_FILE", certificates.clientCertificate.toString());
    env.put("RELAY_REDIS_TLS_KEY_FILE", certificates.clientKey.toString());
    return env;
  }

  private static Map<String, String> trustingTheTestsAuthority() {
    return clusterEnvironment(certificates.caCertificate.toString());
  }

  private static String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"upload\":\"" + upload + "\",\"n\":" + n + "}";
  }

  @Test
  void theRelayRelaysFromEveryMasterOverTlsAsAnAclUser() {
    assertThat(cluster.url().toString()).startsWith("rediss://relay:relay-password@127.0.0.1:");
    try (RelayUnderTest relay =
            RelayUnderTest.onRedis(
                "ClusterOverTlsTest", cluster.url(), trustingTheTestsAuthority());
        JedisCluster workers = cluster.settings().open("test-worker")) {
      await().atMost(DEADLINE).until(relay.application()::listening);
      String worker = relay.tokenFor("worker", Role.SERVICE);
      List<String> uploads = uploadOnEachMaster(relay, worker, "tls");
      TestSocket alice = relay.socketFor("alice");

      for (String upload : uploads) {
        workers.spublish(relay.channels().upload(upload), event(upload, 1));
        assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));
        var published =
            relay.api.post(
                "/api/publish/uploads/" + upload,
                worker,
                event(upload, 2).getBytes(UTF_8),
                "Idempotency-Key",
                "tls-key-" + upload);
        assertThat(published.status()).as(published.body()).isEqualTo(202);
        assertThat(alice.nextFrame()).isEqualTo(event(upload, 2));
      }
      assertThat(relay.api.get("/readyz", null).status()).isEqualTo(200);
      alice.close();
    }
  }

  @Test
  void anotherInstanceLearnsOfASubscriptionThroughTheControlChannelOverTls() {
    try (RelayUnderTest relay =
            RelayUnderTest.onRedis(
                "ClusterOverTlsTestAnnouncer", cluster.url(), trustingTheTestsAuthority());
        RelayUnderTest second = relay.secondInstance(trustingTheTestsAuthority());
        JedisCluster workers = cluster.settings().open("test-worker")) {
      await().atMost(DEADLINE).until(relay.application()::listening);
      await().atMost(DEADLINE).until(second.application()::listening);
      String worker = relay.tokenFor("worker", Role.SERVICE);
      relay.api.put("/api/uploads/tls-across", worker, "{\"ownerId\":\"carol\"}");
      TestSocket carol = second.socketFor("carol");
      String channel = relay.channels().upload("tls-across");

      // Through the first instance: the second learns it from the sharded control channel.
      relay.api.post("/api/uploads/tls-across/subscription", relay.tokenFor("carol"));

      await()
          .atMost(DEADLINE)
          .until(() -> cluster.shardSubscribers(cluster.masterOf(channel), channel) == 1);
      workers.spublish(channel, event("tls-across", 1));
      assertThat(carol.nextFrame()).isEqualTo(event("tls-across", 1));
      carol.close();
    }
  }

  @Test
  void aStrangersAuthorityLeavesTheRelayNotReadyWithTheReason() {
    try (RelayUnderTest relay =
        RelayUnderTest.onRedis(
            "ClusterOverTlsTestStranger",
            cluster.url(),
            clusterEnvironment(certificates.strangerCaCertificate.toString()))) {
      var readiness = relay.api.get("/readyz", null);
      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.body()).contains("PKIX").doesNotContain(PASSWORD);
      assertThat(relay.application().listening()).isFalse();
    }
  }

  @Test
  void aWrongPasswordLeavesTheRelayNotReadyWithRedisReasonUntilTheUserIsFixed() {
    String wrongPassword = "not-the-password";
    URI wrong = URI.create(cluster.url().toString().replace(PASSWORD, wrongPassword));
    try (RelayUnderTest relay =
        RelayUnderTest.onRedis(
            "ClusterOverTlsTestWrongPassword", wrong, trustingTheTestsAuthority())) {
      var readiness = relay.api.get("/readyz", null);
      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.body()).contains("WRONGPASS").doesNotContain(wrongPassword);
      assertThat(relay.application().listening()).isFalse();

      // Fixing the user on the server is enough: the relay keeps trying.
      cluster.addPassword(wrongPassword);
      try {
        await().atMost(DEADLINE).until(relay.application()::listening);
        await().atMost(DEADLINE).until(() -> relay.api.get("/readyz", null).status() == 200);
        String worker = relay.tokenFor("worker", Role.SERVICE);
        relay.api.put("/api/uploads/tls-fixed", worker, "{\"ownerId\":\"alice\"}");
        relay.api.post("/api/uploads/tls-fixed/subscription", relay.tokenFor("alice"));
        TestSocket alice = relay.socketFor("alice");
        var published =
            relay.api.post("/api/publish/uploads/tls-fixed", worker, event("tls-fixed", 1));
        assertThat(published.status()).as(published.body()).isEqualTo(202);
        assertThat(alice.nextFrame()).isEqualTo(event("tls-fixed", 1));
        alice.close();
      } finally {
        cluster.removePassword(wrongPassword);
      }
    }
  }

  /** Uploads owned by alice, who follows them, one whose channel lives on each master. */
  private List<String> uploadOnEachMaster(RelayUnderTest relay, String worker, String tag) {
    Map<HostAndPort, String> byMaster = new LinkedHashMap<>();
    int masters = cluster.masters().size();
    for (int i = 0; byMaster.size() < masters; i++) {
      String id = tag + "-" + i;
      byMaster.putIfAbsent(cluster.masterOf(relay.channels().upload(id)), id);
    }
    for (String id : byMaster.values()) {
      relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
      relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor("alice"));
    }
    return List.copyOf(byMaster.values());
  }
}
