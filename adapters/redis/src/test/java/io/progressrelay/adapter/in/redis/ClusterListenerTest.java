package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ClusterChannelInterest;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

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
  void aChannelMovedToAMasterAlreadyConnectedIsReportedAloneBeforeItsNextEvent() {
    Map<HostAndPort, String> ids = uploadOnEachMaster();
    interest
        .add(ids.values().stream().map(id -> "upload:" + id).toList())
        .toCompletableFuture()
        .join();
    List<HostAndPort> masters = new ArrayList<>(ids.keySet());
    String id = ids.get(masters.get(0));
    String channel = channels.upload(id);
    HostAndPort to = masters.get(1); // subscribed there already: the connection goes on
    await().atMost(DEADLINE).until(listener::isConnected); // every first subscription handled
    int resynchronizations = changes.resynchronizations();

    cluster.moveSlotOf(channel, to);

    await().atMost(DEADLINE).until(() -> cluster.shardSubscribers(to, channel) == 1);
    publish(id, "1");
    await().atMost(DEADLINE).until(() -> payloadsOf(id).size() == 1);
    // Reported before the event was handed over (one thread, in order), and no other channel.
    assertThat(changes.channelsResynchronized()).containsExactly("upload:" + id);
    assertThat(changes.resynchronizations()).isEqualTo(resynchronizations);
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  @Test
  void anAddWhileItsSlotMovesIsConfirmedOnlyByTheNewMaster() throws Exception {
    Map<HostAndPort, String> ids = uploadOnEachMaster();
    interest
        .add(ids.values().stream().map(id -> "upload:" + id).toList())
        .toCompletableFuture()
        .join();
    // A channel in a slot where the listener has nothing: when the slot moves, no master tells the
    // listener, whose slot map stays behind until its next reload.
    Set<Integer> watchedSlots = new HashSet<>();
    ids.values().forEach(id -> watchedSlots.add(JedisClusterCRC16.getSlot(channels.upload(id))));
    watchedSlots.add(JedisClusterCRC16.getSlot(channels.controlChannel()));
    String id = "added-while-moving-0";
    for (int i = 1; watchedSlots.contains(JedisClusterCRC16.getSlot(channels.upload(id))); i++) {
      id = "added-while-moving-" + i;
    }
    String channel = channels.upload(id);
    HostAndPort from = cluster.masterOf(channel);
    HostAndPort to = ids.keySet().stream().filter(m -> !m.equals(from)).findFirst().get();
    cluster.moveSlotOf(channel, to);

    interest
        .add(List.of("upload:" + id))
        .toCompletableFuture()
        .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(cluster.shardSubscribers(to, channel)).isOne();
    publish(id, "1"); // after the answer: must arrive
    String only = id;
    await().atMost(DEADLINE).until(() -> payloadsOf(only).size() == 1);
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
