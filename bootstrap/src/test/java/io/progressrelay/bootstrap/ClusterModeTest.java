package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The relay on a Redis Cluster (a cluster of the tests' own, 3 masters and 3 replicas), end to end:
 * workers SPUBLISH, the relay SSUBSCRIBEs on each master, and sockets get their events through a
 * slot move and a master failover.
 */
class ClusterModeTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final ThrowawayRedisCluster cluster = ThrowawayRedisCluster.shared();
  private RelayUnderTest relay;
  private JedisCluster workers;
  private String worker;

  @BeforeEach
  void start() {
    relay = RelayUnderTest.onRedis("ClusterModeTest", cluster.url(), clusterEnvironment());
    await().atMost(DEADLINE).until(relay.application()::listening);
    workers = cluster.settings().open("test-worker");
    worker = relay.tokenFor("worker", Role.SERVICE);
  }

  private Map<String, String> clusterEnvironment() {
    return Map.of(
        "RELAY_REDIS_MODE", "cluster",
        "RELAY_REDIS_CLUSTER_NODES", cluster.seedList(),
        "RELAY_REDIS_SUBSCRIPTIONS", "interest");
  }

  @AfterEach
  void stop() {
    workers.close();
    relay.close();
  }

  private String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"upload\":\"" + upload + "\",\"n\":" + n + "}";
  }

  private void spublish(String upload, String event) {
    workers.spublish(relay.channels().upload(upload), event);
  }

  /** Uploads owned by alice, one whose channel lives on each master, that {@code users} follow. */
  private List<String> uploadOnEachMaster(String tag, String... users) {
    Map<HostAndPort, String> byMaster = new LinkedHashMap<>();
    int masters = cluster.masters().size();
    for (int i = 0; byMaster.size() < masters; i++) {
      String id = tag + "-" + i;
      byMaster.putIfAbsent(cluster.masterOf(relay.channels().upload(id)), id);
    }
    for (String id : byMaster.values()) {
      relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
      for (String user : users) {
        if (!user.equals("alice")) {
          relay.api.post(
              "/api/uploads/" + id + "/grants",
              relay.tokenFor("alice"),
              "{\"userId\":\"" + user + "\"}");
        }
        relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor(user));
      }
    }
    return List.copyOf(byMaster.values());
  }

  @Test
  void eventsOnEveryMasterReachTheRightSocketsInOrder() {
    List<String> uploads = uploadOnEachMaster("every", "alice");
    String bobsUpload = uploads.get(1);
    relay.api.post(
        "/api/uploads/" + bobsUpload + "/grants", relay.tokenFor("alice"), "{\"userId\":\"bob\"}");
    relay.api.post("/api/uploads/" + bobsUpload + "/subscription", relay.tokenFor("bob"));
    TestSocket alice = relay.socketFor("alice");
    TestSocket bob = relay.socketFor("bob");

    for (int n = 0; n < 5; n++) {
      for (String upload : uploads) {
        spublish(upload, event(upload, n));
      }
    }

    List<String> aliceFrames = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      aliceFrames.add(alice.nextFrame());
    }
    for (String upload : uploads) {
      assertThat(aliceFrames.stream().filter(f -> f.contains("\"" + upload + "\"")))
          .containsExactly(
              event(upload, 0),
              event(upload, 1),
              event(upload, 2),
              event(upload, 3),
              event(upload, 4));
    }
    List<String> bobFrames = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bobFrames.add(bob.nextFrame());
    }
    assertThat(bobFrames)
        .containsExactly(
            event(bobsUpload, 0),
            event(bobsUpload, 1),
            event(bobsUpload, 2),
            event(bobsUpload, 3),
            event(bobsUpload, 4));
    // Bob follows nothing else: a marker on his upload is the next frame he gets.
    spublish(uploads.get(0), event(uploads.get(0), 5));
    spublish(bobsUpload, event(bobsUpload, 5));
    assertThat(bob.nextFrame()).isEqualTo(event(bobsUpload, 5));
    PrometheusText metrics = PrometheusText.parse(relay.api.get("/metrics", null).body());
    assertThat(metrics.value("relay_redis_connected")).isEqualTo(1);
    assertThat(metrics.value("relay_redis_messages_total")).isEqualTo(17); // 15 and 2 markers
    alice.close();
    bob.close();
  }

  @Test
  void theSubscriptionMetricsFollowSocketsOnEveryMasterAndSumOverThem() {
    List<String> uploads = uploadOnEachMaster("metrics", "alice");
    PrometheusText before = scrape();
    // The control channel is wanted and subscribed, but is not an event channel.
    assertThat(before.value("relay_redis_wanted_channels")).isZero();
    assertThat(before.value("relay_redis_subscribed_channels")).isZero();
    double subscribes =
        before.value("relay_redis_subscription_commands_total", "command", "subscribe");
    assertThat(subscribes).isPositive(); // the control channel's

    TestSocket alice = relay.socketFor("alice"); // answered once every channel is confirmed

    PrometheusText connected = scrape();
    assertThat(connected.value("relay_redis_wanted_channels"))
        .isEqualTo(4); // user:alice, 3 uploads
    assertThat(connected.value("relay_redis_subscribed_channels")).isEqualTo(4);
    assertThat(connected.value("relay_redis_subscription_commands_total", "command", "subscribe"))
        .isGreaterThan(subscribes);
    assertThat(connected.sum("relay_redis_master_wanted_channels")).isEqualTo(4);
    assertThat(connected.sum("relay_redis_master_subscribed_channels")).isEqualTo(4);
    assertThat(
            connected.sum("relay_redis_master_subscription_commands_total", "command", "subscribe"))
        .isEqualTo(
            connected.value("relay_redis_subscription_commands_total", "command", "subscribe"));
    for (String upload : uploads) {
      String master = cluster.masterOf(relay.channels().upload(upload)).toString();
      assertThat(connected.value("relay_redis_master_subscribed_channels", "master", master))
          .as(master)
          .isGreaterThanOrEqualTo(1);
    }

    alice.close(); // released, then unsubscribed once RELAY_REDIS_INTEREST_LINGER (10 s) is over
    await()
        .atMost(DEADLINE.plusSeconds(10))
        .until(() -> scrape().value("relay_redis_subscribed_channels") == 0);
    PrometheusText left = scrape();
    assertThat(left.value("relay_redis_wanted_channels")).isZero();
    assertThat(left.sum("relay_redis_master_subscribed_channels")).isZero();
    assertThat(left.value("relay_redis_subscription_commands_total", "command", "unsubscribe"))
        .isPositive();
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(relay.api.get("/metrics", null).body());
  }

  @Test
  void theHttpPublishApiAndItsIdempotencyKeysWorkOnTheCluster() {
    List<String> uploads = uploadOnEachMaster("http", "alice");
    TestSocket alice = relay.socketFor("alice");

    for (String upload : uploads) {
      var answer =
          relay.api.post(
              "/api/publish/uploads/" + upload,
              worker,
              event(upload, 1).getBytes(UTF_8),
              "Idempotency-Key",
              "key-" + upload);
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
      var retry =
          relay.api.post(
              "/api/publish/uploads/" + upload,
              worker,
              event(upload, 1).getBytes(UTF_8),
              "Idempotency-Key",
              "key-" + upload);
      assertThat(retry.status()).as(retry.body()).isEqualTo(202);
      assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));
    }
    // The retries published nothing: the next frame is the marker.
    spublish(uploads.get(0), event(uploads.get(0), 2));
    assertThat(alice.nextFrame()).isEqualTo(event(uploads.get(0), 2));
    alice.close();
  }

  @Test
  void aSlotMovedToAnotherMasterDuringARunLosesNoSubscription() {
    String upload = uploadOnEachMaster("moved", "alice").get(0);
    TestSocket alice = relay.socketFor("alice");
    spublish(upload, event(upload, 1));
    assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));
    String channel = relay.channels().upload(upload);
    HostAndPort from = cluster.masterOf(channel);
    HostAndPort to = cluster.masters().stream().filter(m -> !m.equals(from)).findFirst().get();

    cluster.moveSlotOf(channel, to);

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(to, channel) == 1);
    spublish(upload, event(upload, 2));
    assertThat(alice.nextFrame()).isEqualTo(event(upload, 2));
    await().atMost(DEADLINE).until(relay.application()::listening);
    alice.close();
  }

  @Test
  void aSlotMovedToAMasterAlreadyConnectedGivesAV3SocketAGapForThatUploadAloneAndReloadsItsRoute() {
    List<String> uploads = uploadOnEachMaster("gap", "alice"); // every master has a connection
    String moved = uploads.get(0);
    String stayed = uploads.get(1);
    TestSocket alice = relay.v3SocketFor("alice", null);
    while (!alice.nextJson().get("action").asText().equals("caught_up")) {
      // the catch-up of what alice follows: nothing was published yet
    }
    spublish(moved, event(moved, 1));
    assertThat(alice.nextJson().get("data").toString()).isEqualTo(event(moved, 1));
    String channel = relay.channels().upload(moved);
    HostAndPort to = cluster.masterOf(relay.channels().upload(stayed));
    long loads = relay.application().engine().stats().audienceLoads();

    cluster.moveSlotOf(channel, to);

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(to, channel) == 1);
    spublish(moved, event(moved, 2));
    JsonNode gap = alice.nextJson();
    assertThat(gap.get("action").asText()).isEqualTo("gap");
    assertThat(gap.get("channel").asText()).isEqualTo("upload:" + moved);
    assertThat(gap.get("reason").asText()).isEqualTo("listener_outage");
    JsonNode latest = alice.nextJson();
    assertThat(latest.get("latest").asBoolean()).isTrue();
    assertThat(latest.get("data").toString()).isEqualTo(event(moved, 1));
    assertThat(alice.nextJson().get("data").toString()).isEqualTo(event(moved, 2));
    // The moved upload's route alone was loaded again from PostgreSQL; the others go on.
    assertThat(relay.application().engine().stats().audienceLoads()).isEqualTo(loads + 1);
    spublish(stayed, event(stayed, 1));
    JsonNode other = alice.nextJson();
    assertThat(other.get("action").asText()).isEqualTo("event");
    assertThat(other.get("data").toString()).isEqualTo(event(stayed, 1));
    await().atMost(DEADLINE).until(relay.application()::listening);
    alice.close();
  }

  @Test
  void aMasterFailoverDuringARunLosesNoSubscription() {
    String upload = uploadOnEachMaster("failover", "alice").get(2);
    TestSocket alice = relay.socketFor("alice");
    spublish(upload, event(upload, 1));
    assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));
    String channel = relay.channels().upload(upload);

    HostAndPort promoted = cluster.failOver(cluster.masterOf(channel));

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(promoted, channel) == 1);
    spublish(upload, event(upload, 2));
    assertThat(alice.nextFrame()).isEqualTo(event(upload, 2));
    await().atMost(DEADLINE).until(relay.application()::listening);
    alice.close();
  }

  @Test
  void aSubscriptionMadeThroughAnotherInstanceReachesTheSocketsInstance() {
    try (RelayUnderTest second = relay.secondInstance(clusterEnvironment())) {
      await().atMost(DEADLINE).until(second.application()::listening);
      relay.api.put("/api/uploads/across-1", worker, "{\"ownerId\":\"carol\"}");
      TestSocket carol = second.socketFor("carol");
      String channel = relay.channels().upload("across-1");

      // Through the first instance: the second learns it from the sharded control channel.
      relay.api.post("/api/uploads/across-1/subscription", relay.tokenFor("carol"));

      await()
          .atMost(DEADLINE)
          .until(() -> cluster.shardSubscribers(cluster.masterOf(channel), channel) == 1);
      spublish("across-1", event("across-1", 1));
      assertThat(carol.nextFrame()).isEqualTo(event("across-1", 1));
      carol.close();
    }
  }
}
