package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.redis.RecordingChanges;
import io.progressrelay.adapter.in.redis.RecordingRelay;
import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An announcement that never reaches Redis makes the other instances' listeners reload every route
 * once this instance's publisher gets through again, whether Redis refused it or the backlog was
 * full. On a Redis server of the test's own, which it reconfigures.
 */
class LostAnnouncementTest {
  private static final UserId BOB = new UserId("bob");

  private final TestChannels channels = TestChannels.unique();
  private final RecordingChanges changes = new RecordingChanges();
  private ThrowawayRedis redis;
  private URI announcerUrl;
  private RedisProgressListener listener;

  @BeforeEach
  void start() {
    redis = ThrowawayRedis.start();
    announcerUrl = redis.urlAsNewUser("announcer", "pw");
    listener =
        new RedisProgressListener(redis.settings(), channels.settings(), new RedisNodeId("b"));
    listener.start(new RecordingRelay(), changes);
    await().until(listener::isConnected);
  }

  @AfterEach
  void stop() {
    listener.close();
    redis.close();
  }

  @Test
  void aChangeRedisRefusedMakesTheOthersReloadOnceItAnswersAgain() {
    try (var publisher = publisher(RedisAudienceChangePublisher.BACKLOG)) {
      publisher.changed(AudienceChange.subscribed(BOB, upload(1)));
      await().until(() -> changes.changes().size() == 1);
      int before = changes.resynchronizations();

      acl("-publish");
      publisher.changed(AudienceChange.accessRevoked(BOB, upload(1)));
      publisher.changed(AudienceChange.unsubscribed(BOB, upload(2)));
      assertThat(publisher.droppedChanges()).isEqualTo(2);
      assertThat(changes.resynchronizations()).isEqualTo(before);

      acl("+publish");
      await().until(() -> changes.resynchronizations() == before + 1);
      assertThat(listener.stats().missedAnnouncements()).isEqualTo(1);

      publisher.changed(AudienceChange.subscribed(BOB, upload(3)));
      await().until(() -> changes.changes().size() == 2);
      assertThat(changes.resynchronizations()).isEqualTo(before + 1);
    }
  }

  @Test
  void changesDroppedFromAFullBacklogMakeTheOthersReload() {
    try (var publisher = publisher(1)) {
      publisher.changed(AudienceChange.subscribed(BOB, upload(0)));
      await().until(() -> changes.changes().size() == 1);
      int before = changes.resynchronizations();

      // The announcer's next publish waits for the pause to end.
      redis.pauseClients(Duration.ofSeconds(1));
      ExecutorService callers = Executors.newFixedThreadPool(5);
      for (int i = 1; i <= 5; i++) {
        var change = AudienceChange.subscribed(BOB, upload(i));
        callers.execute(() -> publisher.changed(change));
      }
      // One publishing, one waiting, the rest dropped.
      await().until(() -> publisher.droppedChanges() >= 3);
      callers.shutdown();
      await().until(callers::isTerminated);
      long dropped = publisher.droppedChanges();

      // A drop before the first of them was numbered is reported by it, later ones by the next.
      await().until(() -> changes.changes().size() == 1 + 5 - (int) dropped);
      await().until(() -> listener.stats().missedAnnouncements() >= 1);
      assertThat(changes.resynchronizations())
          .isEqualTo(before + (int) listener.stats().missedAnnouncements());
    }
  }

  private RedisAudienceChangePublisher publisher(int backlog) {
    return new RedisAudienceChangePublisher(
        new RedisSettings(announcerUrl, Duration.ofSeconds(2)),
        channels.controlChannel(),
        new RedisNodeId("a"),
        backlog);
  }

  private void acl(String rule) {
    redis.setUserRules("announcer", rule);
  }

  private static UploadId upload(int n) {
    return new UploadId("lost-" + n);
  }
}
