package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ClusterChannelInterest;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
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
 * The cluster listener on a Redis Cluster of the tests' own: one SSUBSCRIBE connection per master
 * with wanted channels, the channels following a slot that moves and a master that fails over.
 */
class ClusterListenerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final ThrowawayRedisCluster cluster = ThrowawayRedisCluster.shared();
  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RecordingChanges changes = new RecordingChanges();
  private ClusterChannelInterest interest;
  private RedisClusterListener listener;
  private JedisCluster workers;

  @BeforeEach
  void listen() {
    interest =
        new ClusterChannelInterest(
            channels.uploadPrefix(), channels.userPrefix(), channels.controlChannel());
    listener =
        new RedisClusterListener(
            cluster.settings(), channels.settings(), RedisNodeId.random(), interest);
    listener.start(relay, changes);
    workers = cluster.settings().open("test-worker");
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  @AfterEach
  void close() {
    listener.close();
    interest.close();
    workers.close();
  }

  /** One upload id per master: the first ids whose channels land on each. */
  private Map<HostAndPort, String> uploadOnEachMaster() {
    Map<HostAndPort, String> ids = new LinkedHashMap<>();
    List<HostAndPort> masters = cluster.masters();
    for (int i = 0; ids.size() < masters.size(); i++) {
      String id = "shard-" + i;
      ids.putIfAbsent(cluster.masterOf(channels.upload(id)), id);
    }
    return ids;
  }

  private void publish(String uploadId, String n) {
    workers.spublish(
        channels.upload(uploadId),
        "{\"action\":\"upload_progress\",\"payload\":{\"n\":" + n + "}}");
  }

  private List<String> payloadsOf(String uploadId) {
    return relay.events().stream()
        .filter(e -> e.uploadId().orElse("").equals(uploadId))
        .map(e -> e.payload())
        .toList();
  }

  @Test
  void eventsOfEveryMasterArriveInOrderOnceSubscribed() {
    Map<HostAndPort, String> ids = uploadOnEachMaster();
    interest
        .add(ids.values().stream().map(id -> "upload:" + id).toList())
        .toCompletableFuture()
        .join();
    ids.forEach(
        (master, id) -> assertThat(cluster.shardSubscribers(master, channels.upload(id))).isOne());

    for (int n = 0; n < 5; n++) {
      for (String id : ids.values()) {
        publish(id, String.valueOf(n));
      }
    }

    await().atMost(DEADLINE).until(() -> relay.count() == 15);
    for (String id : ids.values()) {
      assertThat(payloadsOf(id))
          .extracting(p -> p.replaceAll(".*\"n\":(\\d+).*", "$1"))
          .containsExactly("0", "1", "2", "3", "4");
    }
  }

  @Test
  void aChannelFollowsItsSlotToAnotherMaster() {
    String id = "moving-1";
    String channel = channels.upload(id);
    interest.add(List.of("upload:" + id)).toCompletableFuture().join();
    HostAndPort from = cluster.masterOf(channel);
    HostAndPort to = cluster.masters().stream().filter(m -> !m.equals(from)).findFirst().get();

    cluster.moveSlotOf(channel, to);

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(to, channel) == 1);
    publish(id, "1");
    await().atMost(DEADLINE).until(() -> payloadsOf(id).size() == 1);
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  @Test
  void aChannelFollowsAFailover() {
    String id = "failing-over-1";
    String channel = channels.upload(id);
    interest.add(List.of("upload:" + id)).toCompletableFuture().join();
    HostAndPort before = cluster.masterOf(channel);

    HostAndPort after = cluster.failOver(before);

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(after, channel) == 1);
    publish(id, "1");
    await().atMost(DEADLINE).until(() -> payloadsOf(id).size() == 1);
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  @Test
  void theControlChannelIsSubscribedOnItsMaster() {
    String control = channels.controlChannel();
    assertThat(cluster.shardSubscribers(cluster.masterOf(control), control)).isOne();
    assertThat(new ArrayList<>(changes.changes())).isEmpty();
  }
}
