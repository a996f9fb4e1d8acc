package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisChannelInterest;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Interest mode's listener: it subscribes to the control channel and to exactly the channels its
 * {@link RedisChannelInterest} holds, on the shared Redis (unique channel names) or, where Redis
 * must restart, on a server of the test's own.
 */
class InterestListenerTest {
  private static final String VALID = "{\"action\":\"upload_progress\",\"payload\":{}}";
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RecordingChanges changes = new RecordingChanges();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private RedisChannelInterest interest;
  private RedisProgressListener listener;

  private void listenOn(RedisSettings redis) {
    interest = new RedisChannelInterest(channels.uploadPrefix(), channels.userPrefix());
    resources.add(interest);
    listener =
        new RedisProgressListener(
            redis, channels.settings(), RedisNodeId.random(), ceiling -> ceiling, interest);
    resources.add(listener);
    listener.start(relay, changes);
    await().atMost(DEADLINE).until(listener::isConnected);
  }

  private static long subscribers(RedisSettings redis, String channel) {
    try (Jedis jedis = redis.connect()) {
      Map<String, Long> counts = jedis.pubsubNumSub(channel);
      return counts.getOrDefault(channel, 0L);
    }
  }

  private static void publish(RedisSettings redis, String channel, String message) {
    try (Jedis jedis = redis.connect()) {
      jedis.publish(channel, message);
    }
  }

  @Test
  void subscribesToTheControlChannelAndNothingElseUntilAsked() {
    listenOn(TestRedis.settings());

    assertThat(subscribers(TestRedis.settings(), channels.controlChannel())).isEqualTo(1);
    publish(TestRedis.settings(), channels.upload("nobody-watches"), VALID);
    publish(TestRedis.settings(), channels.user("nobody"), VALID);
    publish(TestRedis.settings(), channels.upload("sentinel"), VALID); // not subscribed either

    interest.add(List.of("upload:watched")).toCompletableFuture().join();
    publish(TestRedis.settings(), channels.upload("watched"), VALID);
    await().atMost(DEADLINE).until(() -> relay.count() == 1);
    assertThat(relay.events().get(0).channel().name()).isEqualTo(channels.upload("watched"));
    assertThat(listener.stats().received()).isEqualTo(1);
  }

  @Test
  void anEventPublishedRightAfterTheAddCompletesIsReceived() {
    listenOn(TestRedis.settings());

    for (int i = 0; i < 50; i++) {
      interest.add(List.of("upload:race-" + i)).toCompletableFuture().join();
      publish(TestRedis.settings(), channels.upload("race-" + i), VALID);
    }

    await().atMost(DEADLINE).until(() -> relay.count() == 50);
  }

  @Test
  void removingAChannelUnsubscribesIt() {
    listenOn(TestRedis.settings());
    interest.add(List.of("upload:u-1", "user:alice")).toCompletableFuture().join();
    assertThat(subscribers(TestRedis.settings(), channels.upload("u-1"))).isEqualTo(1);
    assertThat(subscribers(TestRedis.settings(), channels.user("alice"))).isEqualTo(1);

    interest.remove(List.of("upload:u-1"));

    await()
        .atMost(DEADLINE)
        .until(() -> subscribers(TestRedis.settings(), channels.upload("u-1")) == 0);
    assertThat(subscribers(TestRedis.settings(), channels.user("alice"))).isEqualTo(1);
    await().atMost(DEADLINE).until(() -> interest.subscribedChannels() == 1);
    assertThat(interest.unsubscribeCommands()).isEqualTo(1);
  }

  @Test
  void aBurstOfAThousandChannelsCostsAFewCommands() throws Exception {
    listenOn(TestRedis.settings());
    long before = interest.subscribeCommands();

    List<CompletableFuture<Void>> adds = new ArrayList<>();
    IntStream.range(0, 1000)
        .parallel()
        .forEach(
            i -> {
              var added = interest.add(List.of("user:burst-" + i)).toCompletableFuture();
              synchronized (adds) {
                adds.add(added);
              }
            });
    CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    long commands = interest.subscribeCommands() - before;
    assertThat(commands).as("SUBSCRIBE commands for 1,000 channels").isBetween(1L, 20L);
    assertThat(interest.subscribedChannels()).isEqualTo(1000);
    assertThat(subscribers(TestRedis.settings(), channels.user("burst-999"))).isEqualTo(1);

    IntStream.range(0, 1000).parallel().forEach(i -> interest.remove(List.of("user:burst-" + i)));
    await().atMost(DEADLINE).until(() -> interest.subscribedChannels() == 0);
    assertThat(interest.unsubscribeCommands()).isBetween(1L, 20L);
  }

  @Test
  void aRestartedRedisIsSubscribedToTheWholeSetAgain() {
    ThrowawayRedis redis = ThrowawayRedis.start();
    resources.add(redis);
    listenOn(redis.settings());
    interest.add(List.of("upload:u-1", "user:alice")).toCompletableFuture().join();
    interest.add(List.of("upload:u-2")).toCompletableFuture().join();
    interest.remove(List.of("upload:u-2"));

    redis.stop();
    await().atMost(DEADLINE).until(() -> !listener.isConnected());
    redis.restart();
    await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);

    assertThat(subscribers(redis.settings(), channels.upload("u-1"))).isEqualTo(1);
    assertThat(subscribers(redis.settings(), channels.user("alice"))).isEqualTo(1);
    assertThat(subscribers(redis.settings(), channels.upload("u-2"))).isZero();
    assertThat(changes.resynchronizations()).isEqualTo(2);
    publish(redis.settings(), channels.upload("u-1"), VALID);
    await().atMost(DEADLINE).until(() -> relay.count() == 1);
  }

  @Test
  void whileDisconnectedAnAddCompletesAtOnceAndIsSubscribedOnReconnect() {
    ThrowawayRedis redis = ThrowawayRedis.start();
    resources.add(redis);
    listenOn(redis.settings());
    redis.stop();
    await().atMost(DEADLINE).until(() -> !listener.isConnected());

    assertThat(interest.add(List.of("user:bob")).toCompletableFuture()).isDone();

    redis.restart();
    await().atMost(Duration.ofSeconds(10)).until(listener::isConnected);
    assertThat(subscribers(redis.settings(), channels.user("bob"))).isEqualTo(1);
  }
}
