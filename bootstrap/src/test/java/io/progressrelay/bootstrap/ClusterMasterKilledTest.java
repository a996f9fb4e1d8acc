package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The relay on a Redis Cluster of the test's own (3 masters, 3 replicas, {@code
 * cluster-node-timeout 1000}) whose master is killed (SIGKILL) during a run: readiness turns 503,
 * the replica takes over, and the sockets keep their subscriptions; the next event arrives, a v3
 * client is told of the outage with a {@code gap}, and a killed control channel's master still
 * carries audience changes between instances once its replica serves.
 */
class ClusterMasterKilledTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterMasterKilledTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);

  private ThrowawayRedisCluster cluster;
  private RelayUnderTest relay;
  private JedisCluster workers;
  private String worker;

  @BeforeEach
  void start() {
    cluster = ThrowawayRedisCluster.start(NODE_TIMEOUT);
    relay = RelayUnderTest.onRedis("ClusterMasterKilledTest", cluster.url(), clusterEnvironment());
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
    if (workers != null) {
      workers.close();
    }
    if (relay != null) {
      relay.close();
    }
    cluster.close();
  }

  private static String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
        + upload
        + "\",\"n\":"
        + n
        + "}}";
  }

  /**
   * An upload of alice's, followed by her, whose channel lives on a master {@code wanted} picks.
   */
  private String uploadOn(String tag, Predicate<HostAndPort> wanted) {
    for (int i = 0; ; i++) {
      String id = tag + "-" + i;
      if (wanted.test(cluster.masterOf(relay.channels().upload(id)))) {
        relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
        relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor("alice"));
        return id;
      }
    }
  }

  // When the replica says it is a master (for the figures in docs/redis.md).
  private long awaitPromotion(HostAndPort replica) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(() -> cluster.isMaster(replica));
    return System.nanoTime();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static boolean isLiveEvent(JsonNode frame, String data) {
    return frame.path("action").asText().equals("event")
        && !frame.path("latest").asBoolean()
        && frame.path("data").toString().equals(data);
  }

  private boolean ready() {
    return relay.api.get("/readyz", null).status() == 200;
  }

  @Test
  void aKilledMastersChannelsAreSubscribedAtItsReplicaAndTheNextEventArrives() {
    HostAndPort controlMaster = cluster.masterOf(relay.channels().controlChannel());
    String upload = uploadOn("killed", master -> !master.equals(controlMaster));
    String channel = relay.channels().upload(upload);
    // Every master's first subscription tells v3 clients of a possible gap: let those pass first.
    await().atMost(DEADLINE).until(relay.application()::listening);
    TestSocket v1 = relay.socketFor("alice");
    TestSocket v3 = relay.v3SocketFor("alice", null);
    assertThat(v3.nextJson().get("action").asText()).isEqualTo("caught_up");
    workers.spublish(channel, event(upload, 1));
    assertThat(v1.nextFrame()).isEqualTo(event(upload, 1));
    assertThat(v3.nextJson().get("data").toString()).isEqualTo(event(upload, 1));
    HostAndPort master = cluster.masterOf(channel);
    HostAndPort replica = cluster.replicaOf(master);

    long killed = System.nanoTime();
    cluster.kill(master);

    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> !ready());
    long promoted = awaitPromotion(replica);
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cluster.shardSubscribers(replica, channel) == 1);
    long subscribed = System.nanoTime();
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(this::ready);
    log.info(
        "Killed master {}: its replica {} a master {} ms after the kill, channel {} subscribed there"
            + " {} ms after the kill",
        master,
        replica,
        millis(promoted - killed),
        channel,
        millis(subscribed - killed));
    workers.spublish(channel, event(upload, 2));
    workers.spublish(channel, event(upload, 3));

    assertThat(v1.nextFrame()).isEqualTo(event(upload, 2));
    assertThat(v1.nextFrame()).isEqualTo(event(upload, 3));
    // The v3 client is told, per channel it follows here (its upload's and its own user channel),
    // that events may have been lost while the listener had no subscription, with the latest state
    // this instance holds; then it gets the next events in order.
    List<JsonNode> beforeNext = new ArrayList<>();
    for (JsonNode frame = v3.nextJson();
        !isLiveEvent(frame, event(upload, 2));
        frame = v3.nextJson()) {
      beforeNext.add(frame);
    }
    assertThat(beforeNext)
        .as(beforeNext.toString())
        .anyMatch(
            frame ->
                frame.path("action").asText().equals("gap")
                    && frame.path("channel").asText().equals("upload:" + upload)
                    && frame.path("reason").asText().equals("listener_outage"))
        .anyMatch(
            frame ->
                frame.path("latest").asBoolean()
                    && frame.path("data").toString().equals(event(upload, 1)))
        .allMatch(
            frame ->
                frame.path("action").asText().equals("gap") || frame.path("latest").asBoolean());
    assertThat(isLiveEvent(v3.nextJson(), event(upload, 3))).isTrue();
    v1.close();
    v3.close();
  }

  @Test
  void aKilledControlChannelsMasterStillCarriesAudienceChangesOnceItsReplicaServes() {
    HostAndPort controlMaster = cluster.masterOf(relay.channels().controlChannel());
    String upload = uploadOn("control", controlMaster::equals);
    String channel = relay.channels().upload(upload);
    try (RelayUnderTest second = relay.secondInstance(clusterEnvironment())) {
      await().atMost(DEADLINE).until(second.application()::listening);
      TestSocket alice = relay.socketFor("alice");
      workers.spublish(channel, event(upload, 1));
      assertThat(alice.nextFrame()).isEqualTo(event(upload, 1));
      HostAndPort replica = cluster.replicaOf(controlMaster);

      long killed = System.nanoTime();
      cluster.kill(controlMaster);

      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> !ready());
      long promoted = awaitPromotion(replica);
      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  cluster.shardSubscribers(replica, relay.channels().controlChannel()) == 2
                      && cluster.shardSubscribers(replica, channel) == 1);
      long subscribed = System.nanoTime();
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(this::ready);
      await().atMost(DEADLINE).until(second.application()::listening);
      log.info(
          "Killed the control channel's master {}: its replica {} a master {} ms after the kill,"
              + " both instances subscribed there {} ms after the kill",
          controlMaster,
          replica,
          millis(promoted - killed),
          millis(subscribed - killed));
      workers.spublish(channel, event(upload, 2));
      assertThat(alice.nextFrame()).isEqualTo(event(upload, 2));

      // An audience change made through the first instance reaches the second over the control
      // channel, now on the promoted replica.
      relay.api.put("/api/uploads/after-kill", worker, "{\"ownerId\":\"carol\"}");
      TestSocket carol = second.socketFor("carol");
      relay.api.post("/api/uploads/after-kill/subscription", relay.tokenFor("carol"));
      String carolsChannel = relay.channels().upload("after-kill");
      await()
          .atMost(DEADLINE)
          .until(
              () -> cluster.shardSubscribers(cluster.masterOf(carolsChannel), carolsChannel) == 1);
      workers.spublish(carolsChannel, event("after-kill", 1));
      assertThat(carol.nextFrame()).isEqualTo(event("after-kill", 1));
      alice.close();
      carol.close();
    }
  }
}
