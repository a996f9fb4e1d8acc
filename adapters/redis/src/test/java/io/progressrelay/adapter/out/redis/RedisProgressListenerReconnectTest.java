package io.progressrelay.adapter.out.redis;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisProgressListenerReconnectTest {
  private static final String VALID = "{\"action\":\"upload_progress\",\"payload\":{}}";

  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RedisNodeId node = RedisNodeId.random();
  private final String clientName = "progress-relay-listener-" + node;
  // The jitter always picks the ceiling: the first reconnect waits exactly 400 ms, long enough to
  // watch the listener report the outage.
  private final RedisProgressListener listener =
      new RedisProgressListener(
          TestRedis.settings(),
          channels.settings().withBackoff(Duration.ofMillis(400), Duration.ofSeconds(1)),
          node,
          ceiling -> ceiling);
  private final RedisListenerReadinessCheck readiness = new RedisListenerReadinessCheck(listener);

  @AfterEach
  void close() {
    listener.close();
  }

  @Test
  void reconnectsAndResubscribesAfterRedisKillsTheSubscription() {
    var changes = new RecordingChanges();
    listener.start(relay, changes);
    await().until(listener::isConnected);
    assertThat(readiness.check().ready()).isTrue();
    assertThat(changes.resynchronizations()).isZero();
    String before = RedisClients.pubSubClientId(clientName).orElseThrow();

    assertThat(RedisClients.killPubSubClient(before)).isEqualTo(1);

    await().pollInterval(5, MILLISECONDS).until(() -> !listener.isConnected());
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().detail()).contains("not subscribed");
    await().pollInterval(10, MILLISECONDS).until(listener::isConnected);
    assertThat(readiness.check().ready()).isTrue();
    assertThat(listener.stats().outages()).isEqualTo(1);
    assertThat(changes.resynchronizations())
        .as("changes announced during the outage were missed, so audiences are reloaded")
        .isEqualTo(1);
    assertThat(RedisClients.pubSubClientId(clientName)).get().isNotEqualTo(before);

    TestChannels.publish(channels.upload("u1"), VALID);
    await().until(() -> relay.count() == 1);
    assertThat(relay.payloads()).containsExactly(VALID);
  }

  @Test
  void readinessCheckIsNamedAfterTheListenerAndNotReadyBeforeItSubscribes() {
    assertThat(readiness.name()).isEqualTo("redis-listener");
    assertThat(readiness.check().ready()).isFalse();
  }
}
