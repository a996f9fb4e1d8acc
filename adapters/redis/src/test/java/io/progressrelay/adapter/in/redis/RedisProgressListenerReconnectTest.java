package io.progressrelay.adapter.in.redis;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener survives its Redis going away: on a server of the test's own, never the shared one.
 */
class RedisProgressListenerReconnectTest {
  private static final String VALID = "{\"action\":\"upload_progress\",\"payload\":{}}";

  private final ThrowawayRedis redis = ThrowawayRedis.start();
  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RedisProgressListener listener =
      new RedisProgressListener(
          redis.settings(),
          channels.settings().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)),
          RedisNodeId.random(),
          ceiling -> ceiling);
  private final RedisListenerReadinessCheck readiness = new RedisListenerReadinessCheck(listener);

  @AfterEach
  void close() {
    listener.close();
    redis.close();
  }

  @Test
  void reportsTheOutageThenReconnectsAndResubscribesWhenRedisIsBack() {
    var changes = new RecordingChanges();
    listener.start(relay, changes);
    await().until(listener::isConnected);
    assertThat(readiness.check().ready()).isTrue();
    assertThat(changes.resynchronizations())
        .as("routes a request loaded before the first subscription may have missed changes")
        .isEqualTo(1);

    redis.stop();

    await().pollInterval(5, MILLISECONDS).until(() -> !listener.isConnected());
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().detail()).contains("not subscribed");

    redis.restart();

    await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
    assertThat(readiness.check().ready()).isTrue();
    assertThat(listener.stats().outages()).isEqualTo(1);
    assertThat(changes.resynchronizations())
        .as("changes announced during the outage were missed, so audiences are reloaded")
        .isEqualTo(2);
    publish(channels.upload("u1"), VALID);
    await().until(() -> relay.count() == 1);
    assertThat(relay.payloads()).containsExactly(VALID);
  }

  private void publish(String channel, String message) {
    try (var jedis = redis.settings().connect()) {
      jedis.publish(channel, message);
    }
  }

  @Test
  void readinessCheckIsNamedAfterTheListenerAndNotReadyBeforeItSubscribes() {
    assertThat(readiness.name()).isEqualTo("redis-listener");
    assertThat(readiness.check().ready()).isFalse();
  }
}
