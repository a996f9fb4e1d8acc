package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.UserId;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

/** The stream reader against the shared Redis, on a stream key and channels of its own. */
class RedisStreamReaderTest {
  private final TestStream stream = new TestStream(TestRedis.settings());
  private final RecordingCheckpoints checkpoints = new RecordingCheckpoints();
  private final RecordingRelay relay = new RecordingRelay();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private RedisStreamReader reader;

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
    }
    stream.delete();
  }

  @Test
  void deliversEntriesInStreamOrderWithTheirIdsAsPositions() {
    reader = started(stream.reader(checkpoints));
    await().until(reader::isConnected);

    Position first =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 10));
    Position second =
        stream.add(stream.channels.user("alice"), TestStream.event("batch_progress", 20));
    Position third =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_completed", 100));

    await().until(() -> relay.count() == 3);
    List<ProgressEvent> events = relay.events();
    assertThat(events)
        .extracting(e -> e.position().orElseThrow())
        .containsExactly(first, second, third);
    assertThat(events.get(0).channel()).isInstanceOf(EventChannel.Upload.class);
    assertThat(events.get(0).channel().key()).isEqualTo("upload:u1");
    assertThat(events.get(1).channel().key()).isEqualTo("user:alice");
    assertThat(events.get(2).action()).isEqualTo("upload_completed");
    assertThat(events.get(2).payload()).isEqualTo(TestStream.event("upload_completed", 100));
    assertThat(reader.lastHandedOver()).contains(third);
    assertThat(reader.stats().entries()).isEqualTo(3);
  }

  @Test
  void relaysEveryFixtureEventVerbatim() {
    reader = started(stream.reader(checkpoints));
    await().until(reader::isConnected);
    List<String> payloads = VuemanticsFixtures.everyEventPayload();

    for (String payload : payloads) {
      boolean user =
          payload.contains("\"batch_progress\"") || payload.contains("\"file_progress\"");
      stream.add(user ? stream.channels.user("alice") : stream.channels.upload("u1"), payload);
    }

    await().until(() -> relay.count() == payloads.size());
    assertThat(relay.payloads()).containsExactlyElementsOf(payloads);
    assertThat(relay.events().get(0).channel().key()).isEqualTo("upload:u1");
    assertThat(reader.stats().malformed()).isZero();
  }

  @Test
  void skipsAndCountsMalformedEntriesWithoutHoldingUpTheStream() {
    reader = started(stream.reader(checkpoints));
    await().until(reader::isConnected);
    String upload = stream.channels.upload("u1");

    stream.add(Map.of("channel", upload), StreamEntryID.NEW_ENTRY); // no data
    stream.add(Map.of("data", TestStream.event("upload_progress", 1)), StreamEntryID.NEW_ENTRY);
    stream.add("elsewhere:u1", TestStream.event("upload_progress", 2)); // no known prefix
    stream.add(stream.channels.upload("bad id!"), TestStream.event("upload_progress", 3));
    stream.add(upload, "{\"action\":");
    stream.add(upload, "{\"payload\":{}}"); // no action
    Map<byte[], byte[]> notUtf8 = new LinkedHashMap<>();
    notUtf8.put(bytes("channel"), bytes(upload));
    notUtf8.put(bytes("data"), new byte[] {'{', '"', 'a', (byte) 0xff, '"', '}'});
    stream.addRaw(notUtf8, StreamEntryID.NEW_ENTRY);
    stream.add(upload, "{\"action\":\"upload_progress\",\"pad\":\"" + "x".repeat(300_000) + "\"}");
    Position good = stream.add(upload, TestStream.event("upload_progress", 50));

    await().until(() -> relay.count() == 1);
    assertThat(relay.events().get(0).position()).contains(good);
    StreamStats stats = reader.stats();
    assertThat(stats.entries()).isEqualTo(9);
    assertThat(stats.malformed()).isEqualTo(7);
    assertThat(stats.oversized()).isEqualTo(1);
    assertThat(reader.lastHandedOver()).contains(good);
  }

  @Test
  void startsRightAfterTheCheckpoint() {
    stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 10));
    Position checkpoint =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 20));
    Position after =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 30));
    checkpoints.advance(stream.key, checkpoint);

    reader = started(stream.reader(checkpoints));

    assertThat(reader.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    await().until(() -> relay.count() == 1);
    assertThat(relay.events().get(0).position()).contains(after);
  }

  @Test
  void withoutCheckpointReadsOnlyTheLastStartBack() {
    long now = stream.serverMillis();
    stream.add(
        Map.of(
            "channel",
            stream.channels.upload("old"),
            "data",
            TestStream.event("upload_progress", 1)),
        new StreamEntryID(now - Duration.ofMinutes(20).toMillis(), 0));
    Position recent =
        stream.add(
            Map.of(
                "channel",
                stream.channels.upload("recent"),
                "data",
                TestStream.event("upload_progress", 2)),
            new StreamEntryID(now - Duration.ofMinutes(1).toMillis(), 0));

    reader =
        started(
            stream.reader(stream.settings().withStartBack(Duration.ofMinutes(10)), checkpoints));

    assertThat(reader.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    assertThat(relay.events()).extracting(e -> e.position().orElseThrow()).containsExactly(recent);
  }

  @Test
  void readsTheWholeBacklogBeforeCountingAsCaughtUp() {
    for (int i = 0; i < 2_000; i++) {
      stream.add(
          stream.channels.upload("u" + (i % 7)), TestStream.event("upload_progress", i % 100));
    }

    reader = started(stream.reader(stream.settings().withBatchSize(100), checkpoints));

    assertThat(reader.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    assertThat(relay.count()).isEqualTo(2_000);
    assertThat(new RedisStreamReadinessCheck(reader).check().ready()).isTrue();
  }

  @Test
  void aCheckpointTrimmedAwayResumesAtTheFirstEntryKeptAndCountsTheGap() {
    Position trimmed =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 1));
    stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 2));
    Position kept =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 3));
    stream.trimTo(1);
    checkpoints.advance(stream.key, trimmed);

    reader = started(stream.reader(checkpoints));

    assertThat(reader.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    await().until(() -> relay.count() == 1);
    assertThat(relay.events().get(0).position()).contains(kept);
    assertThat(reader.stats().trimmedGaps()).isEqualTo(1);
  }

  @Test
  void appliesOtherInstancesAudienceChangesInStreamOrderWithTheEvents() {
    reader = started(stream.reader(checkpoints));
    await().until(reader::isConnected);
    assertThat(order)
        .as("the first connection reloads the audiences")
        .containsExactly("resynchronize");
    order.clear();
    String control = stream.channels.controlChannel();

    Position before =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 1));
    stream.add(
        control,
        "{\"origin\":\"other\",\"seq\":1,\"after\":0,\"type\":\"ACCESS_REVOKED\","
            + "\"uploadId\":\"u1\",\"userId\":\"bob\"}");
    stream.add(
        control,
        "{\"origin\":\""
            + stream.node.value()
            + "\",\"seq\":1,\"after\":0,"
            + "\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u1\"}"); // this instance's own
    stream.add(
        control,
        "{\"origin\":\"other\",\"seq\":3,\"after\":2,\"type\":\"SUBSCRIBED\","
            + "\"uploadId\":\"u1\",\"userId\":\"carol\"}"); // number 2 never came
    Position after =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 2));

    await().until(() -> relay.count() == 2);
    assertThat(order)
        .containsExactly(
            "event " + before,
            "ACCESS_REVOKED bob",
            "resynchronize",
            "SUBSCRIBED carol",
            "event " + after);
    assertThat(reader.stats().controlEntries()).isEqualTo(3);
    assertThat(reader.stats().missedAnnouncements()).isEqualTo(1);
    assertThat(reader.stats().entries()).isEqualTo(2);
  }

  @Test
  void anEmptyStreamCountsAsCaughtUpAtOnce() {
    reader = started(stream.reader(checkpoints));

    assertThat(reader.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    assertThat(reader.lastHandedOver()).isEqualTo(Optional.empty());
  }

  private RedisStreamReader started(RedisStreamReader reader) {
    this.reader = reader;
    reader.start(
        event -> {
          relay.relay(event);
          order.add("event " + event.position().orElseThrow());
        },
        new ApplyAudienceChangeUseCase() {
          @Override
          public void apply(AudienceChange change) {
            order.add(change.type() + " " + change.userId().map(UserId::value).orElse(""));
          }

          @Override
          public void resynchronize() {
            order.add("resynchronize");
          }
        });
    return reader;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
