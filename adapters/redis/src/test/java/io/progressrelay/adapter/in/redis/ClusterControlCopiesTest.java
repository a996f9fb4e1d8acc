package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ClusterChannelInterest;
import io.progressrelay.adapter.out.redis.ClusterTopology;
import io.progressrelay.adapter.out.redis.ControlChannelCopies;
import io.progressrelay.adapter.out.redis.RedisAudienceChangePublisher;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * On a Redis Cluster of the tests' own (3 masters), an instance's audience change is published on
 * the control channel and on a copy on every other master, and reaches another instance's listener
 * ahead of any event published on any master after the announcer returned, even when the control
 * channel's own master is busy delivering a flood to that listener; the copies are applied once.
 */
class ClusterControlCopiesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int FLOOD_MESSAGES = 20_000;
  private static final int ROUNDS = 20;

  private final ThrowawayRedisCluster cluster = ThrowawayRedisCluster.shared();
  private final TestChannels channels = TestChannels.unique();
  private final List<String> handled = new ArrayList<>(); // guarded by itself
  private ClusterChannelInterest interest;
  private RedisClusterListener listener;
  private RedisAudienceChangePublisher announcer;
  private JedisCluster workers;

  @BeforeEach
  void listen() {
    interest =
        new ClusterChannelInterest(
            channels.uploadPrefix(), channels.userPrefix(), channels.controlChannel());
    listener =
        new RedisClusterListener(
            cluster.settings(), channels.settings(), RedisNodeId.random(), interest);
    listener.start(new HandledEvents(), new HandledChanges());
    announcer =
        RedisAudienceChangePublisher.toShardedChannel(
            cluster.settings(), channels.controlChannel(), RedisNodeId.random());
    workers = cluster.settings().open("test-worker");
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  @AfterEach
  void close() {
    announcer.close();
    listener.close();
    interest.close();
    workers.close();
  }

  @Test
  void everyMasterCarriesTheControlChannelOrACopyOfItAndTheListenerHearsThemAll() {
    var topology = ClusterTopology.load(cluster.settings(), List.of(), "test-admin");
    List<String> controlChannels =
        new ControlChannelCopies(channels.controlChannel()).channels(topology);

    assertThat(controlChannels)
        .hasSize(cluster.masters().size())
        .first()
        .isEqualTo(channels.controlChannel());
    assertThat(controlChannels.stream().map(topology::masterOf).distinct())
        .containsExactlyInAnyOrderElementsOf(cluster.masters());
    for (String channel : controlChannels) {
      assertThat(cluster.shardSubscribers(topology.masterOf(channel), channel)).as(channel).isOne();
    }
  }

  @Test
  void aChangeArrivesOnceThoughEveryMasterDeliversIt() {
    announcer.changed(revoke("once-1"));
    announcer.changed(revoke("once-2"));

    int masters = cluster.masters().size();
    await().atMost(DEADLINE).until(() -> listener.stats().controlMessages() == 2L * masters);
    assertThat(handledNow()).containsExactly("change once-1", "change once-2");
    assertThat(listener.stats().missedAnnouncements()).isZero();
  }

  @Test
  void aChangeIsHandledBeforeAnEventPublishedOnAnyMasterAfterTheAnnouncerReturned() {
    Map<HostAndPort, String> uploads = uploadOnEachMaster();
    HostAndPort controlMaster = cluster.masterOf(channels.controlChannel());
    String flooded = uploads.get(controlMaster);
    interest
        .add(uploads.values().stream().map(id -> "upload:" + id).toList())
        .toCompletableFuture()
        .join();
    byte[] flood =
        "{\"action\":\"upload_progress\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);

    List<String> late = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (var entry : uploads.entrySet()) {
        if (entry.getKey().equals(controlMaster)) {
          continue;
        }
        String upload = entry.getValue();
        String revoked = "round-" + round + "-" + upload;
        // The control channel's master has thousands of messages queued for the listener when the
        // change goes out; the event on another master is published once the announcer returned.
        try (ClusterPipeline pipeline = workers.pipelined()) {
          for (int i = 0; i < FLOOD_MESSAGES; i++) {
            pipeline.spublish(channels.upload(flooded).getBytes(StandardCharsets.UTF_8), flood);
          }
          pipeline.sync();
        }
        announcer.changed(revoke(revoked));
        workers.spublish(channels.upload(upload), marker(revoked));

        await().atMost(DEADLINE).until(() -> handledNow().contains("event " + revoked));
        List<String> now = handledNow();
        if (!now.contains("change " + revoked)
            || now.indexOf("change " + revoked) > now.indexOf("event " + revoked)) {
          late.add(revoked);
        }
      }
    }
    assertThat(late).as("changes handled after an event published after them").isEmpty();
  }

  private Map<HostAndPort, String> uploadOnEachMaster() {
    Map<HostAndPort, String> ids = new LinkedHashMap<>();
    int masters = cluster.masters().size();
    for (int i = 0; ids.size() < masters; i++) {
      String id = "copy-" + i;
      ids.putIfAbsent(cluster.masterOf(channels.upload(id)), id);
    }
    return ids;
  }

  private static AudienceChange revoke(String upload) {
    return AudienceChange.accessRevoked(
        UserId.parse("userId", "bob"), UploadId.parse("uploadId", upload));
  }

  private static String marker(String id) {
    return "{\"action\":\"upload_log\",\"payload\":{\"marker\":\"" + id + "\"}}";
  }

  private List<String> handledNow() {
    synchronized (handled) {
      return List.copyOf(handled);
    }
  }

  private final class HandledEvents implements RelayEventUseCase {
    @Override
    public void relay(ProgressEvent event) {
      String payload = event.payload();
      if (payload.contains("\"marker\"")) {
        synchronized (handled) {
          handled.add("event " + payload.replaceAll(".*\"marker\":\"([^\"]+)\".*", "$1"));
        }
      }
    }
  }

  private final class HandledChanges implements ApplyAudienceChangeUseCase {
    @Override
    public void apply(AudienceChange change) {
      synchronized (handled) {
        handled.add("change " + change.uploadId().value());
      }
    }

    @Override
    public void resynchronize() {}
  }
}
