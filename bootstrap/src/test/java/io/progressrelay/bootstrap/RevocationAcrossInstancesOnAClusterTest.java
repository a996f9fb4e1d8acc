package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ClusterTopology;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * {@link RevocationAcrossInstancesTest} on a Redis Cluster of the tests' own (3 masters): a revoke,
 * delete or unsubscribe answered by the first instance is in force on the second, although the
 * event published right after the answer lives on another master than the control channel. Each
 * round's upload lives on the master of bob's user channel, whose sentinel the second instance
 * reads on the same connection after the event.
 */
class RevocationAcrossInstancesOnAClusterTest {
  private static final Logger LOG =
      LoggerFactory.getLogger(RevocationAcrossInstancesOnAClusterTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int ROUNDS = 100;

  private static RelayUnderTest first;
  private static RelayUnderTest second;
  private static JedisCluster workers;
  private static ThrowawayRedisCluster cluster;
  private static RevokedUsersSocket bobOnSecond;
  private static ClusterTopology topology;
  private static HostAndPort bobsMaster;
  private static String bobName;
  private static String worker;
  private static String alice;
  private static String bob;
  private static int nextId;

  @BeforeAll
  static void startTwoInstancesOnTheCluster() {
    cluster = ThrowawayRedisCluster.shared();
    Map<String, String> environment =
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", cluster.seedList(),
            "RELAY_REDIS_SUBSCRIPTIONS", "interest");
    first =
        RelayUnderTest.onRedis(
            "RevocationAcrossInstancesOnAClusterTest", cluster.url(), environment);
    second = first.secondInstance(environment);
    await().atMost(DEADLINE).until(first.application()::listening);
    await().atMost(DEADLINE).until(second.application()::listening);
    workers = cluster.settings().open("test-worker");
    worker = first.tokenFor("worker", Role.SERVICE);
    alice = first.tokenFor("alice");
    topology = ClusterTopology.load(cluster.settings(), List.of(), "test-admin");
    HostAndPort controlMaster = topology.masterOf(first.channels().controlChannel());
    // The events and the sentinel live on another master than the control channel.
    bobName = "bob";
    for (int n = 1; topology.masterOf(first.channels().user(bobName)).equals(controlMaster); n++) {
      bobName = "bob" + n;
    }
    bobsMaster = topology.masterOf(first.channels().user(bobName));
    bob = first.tokenFor(bobName);
    bobOnSecond = new RevokedUsersSocket(second.socketFor(bobName));
  }

  @AfterAll
  static void stop() {
    bobOnSecond.close();
    workers.close();
    second.close();
    first.close();
  }

  @Test
  void aRevokedGrantIsInForceOnTheOtherInstanceWhenTheRevokeIsAnswered() {
    int leaked =
        rounds(
            "revoke",
            id -> {
              first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
              first.api.post(
                  "/api/uploads/" + id + "/grants", alice, "{\"userId\":\"" + bobName + "\"}");
            },
            id -> first.api.delete("/api/uploads/" + id + "/grants/" + bobName, alice).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  @Test
  void anUnsubscribeIsInForceOnTheOtherInstanceWhenItIsAnswered() {
    int leaked =
        rounds(
            "unsubscribe",
            id -> first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"" + bobName + "\"}"),
            id -> first.api.delete("/api/uploads/" + id + "/subscription", bob).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  @Test
  void aDeletedUploadIsInForceOnTheOtherInstanceWhenTheDeleteIsAnswered() {
    int leaked =
        rounds(
            "delete",
            id -> first.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"" + bobName + "\"}"),
            id -> first.api.delete("/api/uploads/" + id, worker).status());
    assertThat(leaked)
        .as("rounds in which the second instance delivered after the answer")
        .isZero();
  }

  private interface Setup {
    void prepare(String uploadId);
  }

  // Returns the rounds in which the second instance delivered an event published after the answer.
  private static int rounds(String kind, Setup setup, Function<String, Integer> revocation) {
    int leaked = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String id = uploadOnBobsMaster(kind);
      setup.prepare(id);
      assertThat(first.api.post("/api/uploads/" + id + "/subscription", bob).status())
          .isEqualTo(201);
      // Interest mode: the second instance subscribes when the announcement reaches it.
      String channel = first.channels().upload(id);
      await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(bobsMaster, channel) == 1);
      spublishUpload(id, "{\"action\":\"upload_log\",\"step\":\"before\",\"id\":\"" + id + "\"}");
      bobOnSecond.readUntil(id, "\"before\""); // the second instance routes this upload to bob

      assertThat(revocation.apply(id)).isEqualTo(204);
      spublishUpload(id, "{\"action\":\"upload_log\",\"step\":\"after\",\"id\":\"" + id + "\"}");
      workers.spublish(
          first.channels().user(bobName), "{\"action\":\"sentinel\",\"id\":\"" + id + "\"}");
      if (bobOnSecond.leakedBeforeSentinel(id)) {
        leaked++;
      }
    }
    LOG.info("{} on a cluster: {} of {} rounds leaked", kind, leaked, ROUNDS);
    return leaked;
  }

  private static String uploadOnBobsMaster(String kind) {
    while (true) {
      String id = "crev-" + kind + "-" + nextId++;
      if (topology.masterOf(first.channels().upload(id)).equals(bobsMaster)) {
        return id;
      }
    }
  }

  private static void spublishUpload(String id, String event) {
    workers.spublish(first.channels().upload(id), event);
  }
}
