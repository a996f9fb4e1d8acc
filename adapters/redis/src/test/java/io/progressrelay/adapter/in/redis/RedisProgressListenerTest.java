package io.progressrelay.adapter.in.redis;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisClients;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisProgressListenerTest {
  private static final String UPLOAD = "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11";
  private static final String BATCH = "b7a1c3d5-2e4f-4a6b-8c9d-0e1f2a3b4c5d";
  private static final String FILE = "c2d4e6f8-1a3b-4c5d-9e7f-0a2b4c6d8e0f";
  private static final String VALID = "{\"action\":\"upload_progress\",\"payload\":{}}";

  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RecordingChanges changes = new RecordingChanges();
  private final List<RedisProgressListener> listeners = new ArrayList<>();

  @AfterEach
  void closeListeners() {
    listeners.forEach(RedisProgressListener::close);
  }

  @Test
  void relaysEveryFixtureEventVerbatimWithItsChannelActionKindAndCoalesceKey() {
    var listener = connectedListener(channels.settings());
    String sequenceUpload = "0b6a4f0e-8a51-4c1e-b0e5-4f3c9d2a7e60";

    publishFixture(channels.upload(UPLOAD), "upload_progress.json");
    publishFixture(channels.upload(UPLOAD), "upload_completed.json");
    publishFixture(channels.upload("9d3e7b21-55a0-4f6b-8c1d-0e4a6b2f9c33"), "upload_failed.json");
    publishFixture(channels.user("alice"), "batch_progress.json");
    publishFixture(channels.user("alice"), "file_progress.json");
    List<String> sequence = VuemanticsFixtures.lines("upload_progress_sequence.jsonl");
    sequence.forEach(line -> TestChannels.publish(channels.upload(sequenceUpload), line));

    await().until(() -> relay.count() == 5 + sequence.size());
    List<ProgressEvent> events = relay.events();
    assertEvent(events.get(0), "upload_progress.json", upload(UPLOAD), EventKind.PROGRESS)
        .isEqualTo("upload:" + UPLOAD + "|upload_progress");
    assertEvent(events.get(1), "upload_completed.json", upload(UPLOAD), EventKind.TERMINAL)
        .isEqualTo("upload:" + UPLOAD + "|upload_completed");
    assertThat(events.get(2).kind()).isEqualTo(EventKind.TERMINAL);
    assertThat(events.get(2).payload()).isEqualTo(VuemanticsFixtures.read("upload_failed.json"));
    assertEvent(events.get(3), "batch_progress.json", user("alice"), EventKind.PROGRESS)
        .isEqualTo("user:alice|batch_progress|" + BATCH);
    assertEvent(events.get(4), "file_progress.json", user("alice"), EventKind.PROGRESS)
        .isEqualTo("user:alice|file_progress|" + BATCH + "|" + FILE);
    List<ProgressEvent> replayed = events.subList(5, events.size());
    assertThat(replayed).extracting(ProgressEvent::payload).containsExactlyElementsOf(sequence);
    assertThat(replayed).extracting(ProgressEvent::channel).containsOnly(upload(sequenceUpload));
    assertThat(replayed)
        .extracting(ProgressEvent::kind)
        .containsExactly(
            EventKind.PROGRESS,
            EventKind.PROGRESS,
            EventKind.PROGRESS,
            EventKind.PROGRESS,
            EventKind.PROGRESS,
            EventKind.PROGRESS,
            EventKind.TERMINAL);
    assertThat(listener.stats().received()).isEqualTo(events.size());
    assertThat(listener.stats().malformed()).isZero();
  }

  @Test
  void everyFixtureFileIsEitherAWorkerEventOrAWebSocketFrameThatNeverCrossesRedis() {
    var workerEvents =
        Set.of(
            "upload_progress.json",
            "upload_progress_sequence.jsonl",
            "upload_completed.json",
            "upload_failed.json",
            "batch_progress.json",
            "file_progress.json");
    var webSocketFrames =
        Set.of(
            "client_auth.json",
            "client_subscribe_upload.json",
            "client_unsubscribe_upload.json",
            "server_auth_error.json",
            "server_auth_success.json",
            "server_ping.json");

    assertThat(VuemanticsFixtures.ALL_FILES)
        .as("a new fixture needs a place in the relay test")
        .allMatch(name -> workerEvents.contains(name) || webSocketFrames.contains(name))
        .containsAll(workerEvents);
  }

  @Test
  void givesFileProgressOfTwoFilesInOneBatchDifferentCoalesceKeysAndOfOneFileTheSameKey() {
    connectedListener(channels.settings());
    String first = VuemanticsFixtures.read("file_progress.json");
    String second = first.replace(FILE, "another-file");
    String firstAgain = first.replace("\"progress_percentage\":10", "\"progress_percentage\":20");

    TestChannels.publish(channels.user("alice"), first);
    TestChannels.publish(channels.user("alice"), second);
    TestChannels.publish(channels.user("alice"), firstAgain);

    await().until(() -> relay.count() == 3);
    List<ProgressEvent> events = relay.events();
    assertThat(events.get(0).coalesceKey()).isNotEqualTo(events.get(1).coalesceKey());
    assertThat(events.get(2).coalesceKey()).isEqualTo(events.get(0).coalesceKey());
    assertThat(events.get(1).payload()).isEqualTo(second);
  }

  @Test
  void forwardsUnknownActionsNonAsciiTextAndSurroundingWhitespaceByteForByte() {
    connectedListener(channels.settings());
    String unknown = "{\"action\":\"thumbnail_ready\",\"payload\":{\"upload_id\":7}}";
    String unicode = "{\"action\":\"upload_completed\",\"description\":\"café — 日本 🎉 \\u00e9\"}";
    String padded = " \n{\"action\":\"upload_progress\"}\r\n ";

    for (String message : List.of(unknown, unicode, padded)) {
      TestChannels.publish(channels.upload("u1"), message);
    }

    await().until(() -> relay.count() == 3);
    assertThat(relay.payloads()).containsExactly(unknown, unicode, padded);
    assertThat(relay.events().get(0).kind()).isEqualTo(EventKind.OTHER);
    assertThat(relay.events().get(1).payload().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(unicode.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stampsEachEventWithTheTimeOfReceipt() {
    connectedListener(channels.settings());
    Instant before = Instant.now();
    long nanosBefore = System.nanoTime();

    TestChannels.publish(channels.upload("u1"), VALID);

    await().until(() -> relay.count() == 1);
    ProgressEvent event = relay.events().get(0);
    assertThat(event.receivedAt()).isBetween(before, Instant.now());
    assertThat(event.receivedNanos()).isBetween(nanosBefore, System.nanoTime());
  }

  @Test
  void countsAndDropsMalformedMessagesAndRelaysTheValidOneAfterEach() {
    var listener = connectedListener(channels.settings().withMaxPayloadBytes(1024));
    String channel = channels.upload("u1");
    List<byte[]> malformed =
        List.of(
            bytes("not json"),
            bytes("{\"payload\":{\"batch_id\":\"b\"}}"),
            bytes("{\"action\":42}"),
            bytes("{\"action\":null}"),
            bytes("{\"action\":\"upload_progress\"} trailing"),
            bytes("{\"action\":\"upload_progress\"}{}"),
            bytes("{\"action\":\"upload_progress\""),
            bytes("[\"upload_progress\"]"),
            new byte[0],
            new byte[] {
              '{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'
            });
    for (byte[] message : malformed) {
      TestChannels.publish(channel, message);
      TestChannels.publish(channel, VALID);
    }
    TestChannels.publish(channels.upload("not a valid id!"), VALID);
    TestChannels.publish(channel, VALID);
    String oversized = "{\"action\":\"upload_progress\",\"pad\":\"" + "x".repeat(1024) + "\"}";
    TestChannels.publish(channel, oversized);
    TestChannels.publish(channel, VALID);

    int valid = malformed.size() + 2;
    await().until(() -> relay.count() == valid);
    assertThat(relay.payloads()).containsOnly(VALID);
    ListenerStats stats = listener.stats();
    assertThat(stats.malformed()).isEqualTo(malformed.size() + 1);
    assertThat(stats.oversized()).isEqualTo(1);
    assertThat(stats.received()).isEqualTo(2L * valid);
    assertThat(stats.handlerFailures()).isZero();
  }

  @Test
  void carriesOnAfterTheUseCaseThrows() {
    var listener = new RedisProgressListener(TestRedis.settings(), channels.settings(), node());
    listeners.add(listener);
    listener.start(
        event -> {
          if (event.action().equals("explode")) {
            throw new IllegalStateException("boom");
          }
          relay.relay(event);
        },
        changes);
    await().until(listener::isConnected);

    TestChannels.publish(channels.upload("u1"), "{\"action\":\"explode\"}");
    TestChannels.publish(channels.upload("u1"), VALID);

    await().until(() -> relay.count() == 1);
    assertThat(listener.stats().handlerFailures()).isEqualTo(1);
    assertThat(listener.isConnected()).isTrue();
  }

  @Test
  void relaysTenThousandMessagesOfOneChannelInPublishOrder() {
    connectedListener(channels.settings());
    List<String> messages =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "{\"action\":\"upload_progress\",\"payload\":{\"seq\":" + i + "}}")
            .toList();

    try (Jedis jedis = TestRedis.settings().connect()) {
      var pipeline = jedis.pipelined();
      messages.forEach(message -> pipeline.publish(channels.upload("u1"), message));
      pipeline.sync();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> relay.count() == messages.size());
    assertThat(relay.payloads()).containsExactlyElementsOf(messages);
  }

  @Test
  void staysSubscribedOnAnIdleBusLongerThanTheReadTimeout() {
    var shortTimeout = new RedisSettings(TestRedis.settings().url(), Duration.ofMillis(200));
    var listener = new RedisProgressListener(shortTimeout, channels.settings(), node());
    listeners.add(listener);
    listener.start(relay, changes);
    await().until(listener::isConnected);

    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(2))
        .until(listener::isConnected);
    TestChannels.publish(channels.upload("u1"), VALID);

    await().until(() -> relay.count() == 1);
    assertThat(listener.stats().outages()).isZero();
  }

  @Test
  void startsWithoutThrowingWhenRedisIsUnreachableAndClosesPromptly() {
    var nowhere =
        new RedisSettings(java.net.URI.create("redis://127.0.0.1:1"), Duration.ofMillis(500));
    var listener = new RedisProgressListener(nowhere, channels.settings(), node());

    listener.start(relay, changes);

    await().until(() -> listener.stats().outages() == 1);
    await().during(Duration.ofMillis(300)).until(() -> !listener.isConnected());
    long started = System.nanoTime();
    listener.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(listener.isConnected()).isFalse();
  }

  @Test
  void closeUnsubscribesAndClosesTheConnection() {
    RedisNodeId node = node();
    var listener = new RedisProgressListener(TestRedis.settings(), channels.settings(), node);
    listener.start(relay, changes);
    await().until(listener::isConnected);
    assertThat(RedisClients.pubSubClientId("progress-relay-listener-" + node)).isPresent();

    long started = System.nanoTime();
    listener.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(listener.isConnected()).isFalse();
    await()
        .pollInterval(10, MILLISECONDS)
        .until(() -> RedisClients.clientId("progress-relay-listener-" + node).isEmpty());
  }

  @Test
  void cannotBeStartedTwice() {
    var listener = connectedListener(channels.settings());

    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> listener.start(relay, changes));
  }

  private RedisProgressListener connectedListener(RedisListenerSettings settings) {
    var listener = new RedisProgressListener(TestRedis.settings(), settings, node());
    listeners.add(listener);
    listener.start(relay, changes);
    await().until(listener::isConnected);
    return listener;
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertEvent(
      ProgressEvent event, String fixture, EventChannel channel, EventKind kind) {
    String document = VuemanticsFixtures.read(fixture);
    assertThat(event.payload()).as(fixture).isEqualTo(document);
    assertThat(event.channel()).as(fixture).isEqualTo(channel);
    // The channel keeps the name it was published on, under the test's own (non-default) prefix.
    assertThat(event.channel().name()).as(fixture).isEqualTo(channel.name());
    assertThat(event.action()).as(fixture).isEqualTo(fixture.replace(".json", ""));
    assertThat(event.kind()).as(fixture).isEqualTo(kind);
    return assertThat(event.coalesceKey()).as(fixture);
  }

  private void publishFixture(String channel, String fixture) {
    TestChannels.publish(channel, VuemanticsFixtures.read(fixture));
  }

  private EventChannel upload(String id) {
    return new EventChannel.Upload(channels.uploadPrefix(), new UploadId(id));
  }

  private EventChannel user(String id) {
    return new EventChannel.User(channels.userPrefix(), new UserId(id));
  }

  private static RedisNodeId node() {
    return RedisNodeId.random();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
