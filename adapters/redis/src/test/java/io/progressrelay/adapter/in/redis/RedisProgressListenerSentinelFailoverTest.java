package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.SentinelGroup;
import io.progressrelay.adapter.out.redis.TestChannels;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * With Sentinel, the listener subscribes on the master Sentinel names and, after a failover, moves
 * to the new master at once, although the old one is still up and still a master for a while: on
 * servers of the test's own, never the shared one.
 */
class RedisProgressListenerSentinelFailoverTest {
  private static final String BEFORE = "{\"action\":\"upload_progress\",\"payload\":{\"n\":1}}";
  private static final String AFTER = "{\"action\":\"upload_progress\",\"payload\":{\"n\":2}}";

  private final SentinelGroup group = SentinelGroup.start();
  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RecordingChanges changes = new RecordingChanges();
  private final RedisNodeId nodeId = RedisNodeId.random();
  private final RedisProgressListener listener =
      new RedisProgressListener(
          group.settings(),
          channels.settings().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)),
          nodeId,
          ceiling -> ceiling);

  @AfterEach
  void close() {
    listener.close();
    group.close();
  }

  @Test
  void afterAFailoverTheListenerResubscribesOnTheNewMasterAndReceivesWhatIsPublishedThere() {
    listener.start(relay, changes);
    await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
    HostAndPort oldMaster = group.master();
    publishOn(oldMaster, BEFORE);
    await().until(() -> relay.count() == 1);

    HostAndPort newMaster = group.failOver();

    await("the listener subscribed on the new master")
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.isConnected() && listenerIsOn(newMaster));
    publishOn(newMaster, AFTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.count() == 2);
    assertThat(relay.payloads()).containsExactly(BEFORE, AFTER);
    assertThat(listenerIsOn(oldMaster))
        .as("nothing is left subscribed on the old master, which Sentinel demotes later")
        .isFalse();
    assertThat(changes.resynchronizations())
        .as("audiences are reloaded after the move, as after any lost connection")
        .isEqualTo(2);
  }

  @Test
  void whenTheMasterDiesTheListenerReconnectsToThePromotedReplica() {
    listener.start(relay, changes);
    await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);

    HostAndPort newMaster = group.killMaster();

    await("the listener subscribed on the promoted replica")
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.isConnected() && listenerIsOn(newMaster));
    publishOn(newMaster, AFTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.count() == 1);
    assertThat(relay.payloads()).containsExactly(AFTER);
    assertThat(listener.stats().outages()).isEqualTo(1);
  }

  private void publishOn(HostAndPort server, String message) {
    try (Jedis jedis = group.connectTo(server)) {
      jedis.publish(channels.upload("u1"), message);
    }
  }

  private boolean listenerIsOn(HostAndPort server) {
    try (Jedis jedis = group.connectTo(server)) {
      return jedis.clientList().contains("name=progress-relay-listener-" + nodeId.value());
    }
  }
}
