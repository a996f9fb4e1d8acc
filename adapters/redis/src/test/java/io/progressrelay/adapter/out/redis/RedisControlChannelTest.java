package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.redis.RecordingChanges;
import io.progressrelay.adapter.in.redis.RecordingRelay;
import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedisControlChannelTest {
  private static final Logger LOG = LoggerFactory.getLogger(RedisControlChannelTest.class);
  private static final UserId BOB = new UserId("bob");
  private static final UploadId UPLOAD = new UploadId("u-42");

  private final TestChannels channels = TestChannels.unique();
  private final RedisNodeId us = new RedisNodeId("node-a");
  private final RedisNodeId them = new RedisNodeId("node-b");
  private final RecordingChanges changes = new RecordingChanges();
  private final RedisProgressListener listener =
      new RedisProgressListener(TestRedis.settings(), channels.settings(), us);

  @AfterEach
  void close() {
    listener.close();
  }

  @Test
  void appliesChangesAnnouncedByAnotherInstanceAndIgnoresOurOwn() {
    startListener();

    publishControl(
        "{\"origin\":\"node-a\",\"type\":\"SUBSCRIBED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}");
    publishControl(
        "{\"origin\":\"node-b\",\"type\":\"UNSUBSCRIBED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}");

    await().until(() -> changes.changes().size() == 1);
    assertThat(changes.changes()).containsExactly(AudienceChange.unsubscribed(BOB, UPLOAD));
    assertThat(listener.stats().controlMessages()).isEqualTo(2);
    assertThat(listener.stats().received()).isZero();
  }

  @Test
  void countsAndDropsControlMessagesThatAreNotAudienceChanges() {
    startListener();
    List<String> garbage =
        List.of(
            "not json",
            "{\"type\":\"SUBSCRIBED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}",
            "{\"origin\":\"node-b\",\"type\":\"PROMOTED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}",
            "{\"origin\":\"node-b\",\"type\":\"SUBSCRIBED\",\"uploadId\":\"u-42\"}",
            "{\"origin\":\"node-b\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}",
            "{\"origin\":\"node-b\",\"type\":\"UPLOAD_REGISTERED\",\"uploadId\":\"u-42\",\"userId\":\"bob\"}",
            "{\"origin\":\"node-b\",\"type\":\"SUBSCRIBED\",\"uploadId\":\"bad id\",\"userId\":\"bob\"}",
            "{\"origin\":\"node-b\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\"} extra");

    garbage.forEach(this::publishControl);
    publishControl("{\"origin\":\"node-b\",\"type\":\"UPLOAD_DELETED\",\"uploadId\":\"u-42\"}");

    await().until(() -> changes.changes().size() == 1);
    assertThat(changes.changes()).containsExactly(AudienceChange.uploadDeleted(UPLOAD));
    assertThat(listener.stats().malformed()).isEqualTo(garbage.size());
    assertThat(listener.stats().controlMessages()).isEqualTo(garbage.size() + 1);
  }

  @Test
  void carriesOnAfterApplyingAChangeThrows() {
    listener.start(
        new RecordingRelay(),
        new ApplyAudienceChangeUseCase() {
          @Override
          public void apply(AudienceChange change) {
            if (change.type() == AudienceChange.Type.UPLOAD_DELETED) {
              throw new IllegalStateException("boom");
            }
            changes.apply(change);
          }

          @Override
          public void resynchronize() {
            changes.resynchronize();
          }
        });
    await().until(listener::isConnected);

    try (var publisher = publisher(them)) {
      publisher.changed(AudienceChange.uploadDeleted(UPLOAD));
      publisher.changed(AudienceChange.subscribed(BOB, UPLOAD));
    }

    await().until(() -> changes.changes().size() == 1);
    assertThat(listener.stats().handlerFailures()).isEqualTo(1);
  }

  @Test
  void publisherRoundTripsEveryKindOfChangeToAListenerOfAnotherInstance() {
    startListener();
    List<AudienceChange> sent =
        List.of(
            AudienceChange.subscribed(BOB, UPLOAD),
            AudienceChange.unsubscribed(BOB, UPLOAD),
            AudienceChange.accessRevoked(BOB, UPLOAD),
            AudienceChange.uploadDeleted(UPLOAD),
            AudienceChange.uploadRegistered(UPLOAD));

    try (var ours = publisher(us);
        var theirs = publisher(them)) {
      sent.forEach(ours::changed);
      sent.forEach(theirs::changed);
      assertThat(theirs.droppedChanges()).isZero();
    }

    await().until(() -> changes.changes().size() == sent.size());
    assertThat(changes.changes()).containsExactlyElementsOf(sent);
    await().until(() -> listener.stats().controlMessages() == 2L * sent.size());
    assertThat(changes.changes()).hasSize(sent.size());
  }

  @Test
  void aBulkOfMoreChangesThanTheBacklogHoldsIsAnnouncedWholeAndInOrder() {
    startListener();
    List<AudienceChange> bulk = new ArrayList<>();
    for (int i = 0; i < 2 * RedisAudienceChangePublisher.BACKLOG; i++) {
      bulk.add(AudienceChange.uploadRegistered(new UploadId("bulk-" + i)));
    }

    try (var theirs = publisher(them)) {
      theirs.changedAll(bulk);
      theirs.changed(AudienceChange.uploadDeleted(UPLOAD));
      await().until(() -> changes.changes().size() == bulk.size() + 1);
      assertThat(theirs.droppedChanges()).isZero();
    }

    assertThat(changes.changes().subList(0, bulk.size())).containsExactlyElementsOf(bulk);
    assertThat(changes.changes().get(bulk.size())).isEqualTo(AudienceChange.uploadDeleted(UPLOAD));
  }

  @Test
  void aRevocationReturnsOnlyOnceEveryListenerWillReadItBeforeAnyLaterEvent() {
    List<Integer> changesBeforeEachEvent = new CopyOnWriteArrayList<>();
    listener.start(event -> changesBeforeEachEvent.add(changes.changes().size()), changes);
    await().until(listener::isConnected);
    int rounds = 200;

    try (var theirs = publisher(them);
        var worker = TestRedis.settings().connect()) {
      long[] waited = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        long started = System.nanoTime();
        theirs.changed(AudienceChange.accessRevoked(BOB, new UploadId("r-" + i)));
        waited[i] = System.nanoTime() - started;
        worker.publish(channels.upload("r-" + i), "{\"action\":\"upload_log\"}");
      }
      Arrays.sort(waited);
      LOG.info(
          "A revocation waited for its announcement p50 {} µs, p99 {} µs, max {} µs",
          waited[rounds / 2] / 1_000,
          waited[rounds * 99 / 100 - 1] / 1_000,
          waited[rounds - 1] / 1_000);
    }

    await().until(() -> changesBeforeEachEvent.size() == rounds);
    for (int i = 0; i < rounds; i++) {
      assertThat(changesBeforeEachEvent.get(i))
          .as("changes applied before event %d", i)
          .isGreaterThan(i);
    }
  }

  @Test
  void publisherCountsWhatItCannotAnnounceWhileRedisIsUnreachable() {
    var nowhere = new RedisSettings(URI.create("redis://127.0.0.1:1"), Duration.ofMillis(300));

    try (var publisher =
        new RedisAudienceChangePublisher(nowhere, channels.controlChannel(), them)) {
      publisher.changed(AudienceChange.subscribed(BOB, UPLOAD));
      publisher.changed(AudienceChange.uploadDeleted(UPLOAD));
      publisher.changedAll(
          List.of(
              AudienceChange.uploadRegistered(new UploadId("a")),
              AudienceChange.uploadRegistered(new UploadId("b"))));

      await().until(() -> publisher.droppedChanges() == 4);
    }
  }

  private void startListener() {
    listener.start(new RecordingRelay(), changes);
    await().until(listener::isConnected);
  }

  private RedisAudienceChangePublisher publisher(RedisNodeId node) {
    return new RedisAudienceChangePublisher(TestRedis.settings(), channels.controlChannel(), node);
  }

  private void publishControl(String message) {
    TestChannels.publish(channels.controlChannel(), message);
  }
}
