package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.RedisClusterSettings;
import io.progressrelay.adapter.out.redis.RedisIdempotencyStore;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The relay on a Redis Cluster of the test's own, signed in on every node as an ACL user with
 * exactly the rules docs/redis.md lists for cluster mode ({@link RelayAclRules#clusterMode}): two
 * instances become ready, relay events {@code SPUBLISH}ed on every master, learn of each other's
 * subscriptions over the control channel's copies and publish over HTTP with idempotency keys, and
 * no node's ACL LOG holds a denial for that user afterwards.
 */
class NarrowAclUserOnAClusterTest {
  private static final Logger log = LoggerFactory.getLogger(NarrowAclUserOnAClusterTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String USER = "relay-cluster";
  private static final String PASSWORD = "narrow-password";

  private static ThrowawayRedisCluster cluster;

  @BeforeAll
  static void start() {
    cluster = ThrowawayRedisCluster.start(Duration.ofMillis(2000));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"upload\":\"" + upload + "\",\"n\":" + n + "}";
  }

  @Test
  void clusterModeNeedsNoMoreThanTheDocumentedRules() {
    TestChannels channels = TestChannels.unique();
    RelayAclRules rules = RelayAclRules.clusterMode(channels);
    cluster.setUserRules(USER, rules.forUser(PASSWORD));
    log.info("ACL rules for {}: {}", rules.mode(), rules.setUser(USER));
    URI url = URI.create("redis://" + USER + ":" + PASSWORD + "@" + cluster.seeds().get(0));
    Map<String, String> env =
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", cluster.seedList(),
            "RELAY_REDIS_SUBSCRIPTIONS", "interest");
    try (RelayUnderTest first = RelayUnderTest.onRedis("NarrowAclCluster", url, channels, env);
        RelayUnderTest second = first.secondInstance(env);
        JedisCluster workers = cluster.settings().open("test-worker")) {
      await().atMost(DEADLINE).until(first.application()::listening);
      await().atMost(DEADLINE).until(second.application()::listening);
      await().atMost(DEADLINE).until(() -> first.api.get("/readyz", null).status() == 200);
      await().atMost(DEADLINE).until(() -> second.api.get("/readyz", null).status() == 200);

      eventsFromEveryMasterReachSocketsAndRetriesAreAnsweredFromTheirKeys(first, workers);
      aSubscriptionThroughOneInstanceReachesTheOther(first, second, workers);
      aClaimedKeyIsReleased(url);
    }
    assertThat(cluster.aclDenials(USER)).as("ACL LOG of every node for " + USER).isEmpty();
  }

  private void eventsFromEveryMasterReachSocketsAndRetriesAreAnsweredFromTheirKeys(
      RelayUnderTest relay, JedisCluster workers) {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    List<String> uploads = uploadOnEachMaster(relay, worker);
    TestSocket alice = relay.socketFor("alice");
    for (String upload : uploads) {
      workers.spublish(relay.channels().upload(upload), event(upload, 1));
      assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));

      byte[] body = event(upload, 2).getBytes(UTF_8);
      String path = "/api/publish/uploads/" + upload;
      var published = relay.api.post(path, worker, body, "Idempotency-Key", "acl-" + upload);
      var retry = relay.api.post(path, worker, body, "Idempotency-Key", "acl-" + upload);
      assertThat(published.status()).as(published.body()).isEqualTo(202);
      assertThat(retry.status()).as(retry.body()).isEqualTo(202);
      assertThat(retry.json().path("replayed").asBoolean()).as(retry.body()).isTrue();
      assertThat(alice.nextFrame()).isEqualTo(event(upload, 2));
    }
    // The retries published nothing: the next frame is the marker, on the user channel.
    var toUser = relay.api.post("/api/publish/users/alice", worker, "{\"action\":\"to_alice\"}");
    assertThat(toUser.status()).as(toUser.body()).isEqualTo(202);
    assertThat(alice.nextFrame()).isEqualTo("{\"action\":\"to_alice\"}");
    alice.close();
  }

  private void aSubscriptionThroughOneInstanceReachesTheOther(
      RelayUnderTest first, RelayUnderTest second, JedisCluster workers) {
    String worker = first.tokenFor("worker", Role.SERVICE);
    first.api.put("/api/uploads/acl-across", worker, "{\"ownerId\":\"carol\"}");
    TestSocket carol = second.socketFor("carol");
    String channel = first.channels().upload("acl-across");

    var subscribed =
        first.api.post("/api/uploads/acl-across/subscription", first.tokenFor("carol"));
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

    await()
        .atMost(DEADLINE)
        .until(() -> cluster.shardSubscribers(cluster.masterOf(channel), channel) == 1);
    workers.spublish(channel, event("acl-across", 1));
    assertThat(carol.nextFrame()).isEqualTo(event("acl-across", 1));
    carol.close();
  }

  /** As in {@link NarrowAclUserTest}: the release script, on the key's master. */
  private void aClaimedKeyIsReleased(URI url) {
    var settings =
        new RedisClusterSettings(new RedisSettings(url, Duration.ofSeconds(5)), cluster.seeds());
    try (var keys = new RedisIdempotencyStore(settings, RedisIdempotencyStore.DEFAULT_PREFIX)) {
      String key = "acl-release-cluster-" + System.nanoTime();
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isEmpty();
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isPresent();
      keys.release(key, "fingerprint");
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isEmpty();
      keys.release(key, "fingerprint");
    }
  }

  /** Uploads owned by alice, who follows them, one whose channel lives on each master. */
  private static List<String> uploadOnEachMaster(RelayUnderTest relay, String worker) {
    Map<HostAndPort, String> byMaster = new LinkedHashMap<>();
    int masters = cluster.masters().size();
    for (int i = 0; byMaster.size() < masters; i++) {
      String id = "acl-" + i;
      byMaster.putIfAbsent(cluster.masterOf(relay.channels().upload(id)), id);
    }
    for (String id : byMaster.values()) {
      relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
      relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor("alice"));
    }
    return List.copyOf(byMaster.values());
  }
}
