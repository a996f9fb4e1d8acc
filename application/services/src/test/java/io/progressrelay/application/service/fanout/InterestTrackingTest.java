package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryChannelInterest;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interest mode: the engine asks its event source for exactly the channels its users need. */
class InterestTrackingTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final InMemoryChannelInterest interest = new InMemoryChannelInterest();
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));

  private FanOutEngine engine = engineLingering(Duration.ZERO);

  private FanOutEngine engineLingering(Duration linger) {
    return new FanOutEngine(
        FanOutSettings.DEFAULT,
        ContinuitySettings.DEFAULT,
        directory,
        uploads,
        SubscriptionPolicy.DEFAULT,
        Clock.systemUTC(),
        null,
        new InterestTracking(interest, linger, Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private UploadId upload(String id, String... subscribers) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId("owner")), T0);
    for (String subscriber : subscribers) {
      subscriptions.add(new Subscription(new UserId(subscriber), uploadId, T0), 100, T0);
    }
    return uploadId;
  }

  private ClientConnection connect(RecordingSocket socket) {
    ClientConnection connection =
        engine.connect(
            Caller.user(socket.userId()), socket, "{}", ClientCapabilities.LATEST_ON_SUBSCRIBE);
    socket.passGreeting();
    return connection;
  }

  private void subscribe(String user, UploadId upload) {
    subscriptions.add(new Subscription(new UserId(user), upload, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId(user), upload));
  }

  private static ProgressEvent progress(UploadId upload, int percent) {
    String payload =
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + upload
            + "\",\"progress_percent\":"
            + percent
            + "}}";
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        "upload_progress",
        null,
        null,
        payload,
        Instant.now(),
        System.nanoTime());
  }

  @Test
  void aUsersFirstConnectionAsksForTheirChannelAndEveryUploadTheyFollow() {
    upload("u-1", "alice");
    upload("u-2", "alice");
    upload("u-3", "bob");

    connect(RecordingSocket.reading("alice"));

    assertThat(interest.channels())
        .containsExactlyInAnyOrder("user:alice", "upload:u-1", "upload:u-2");
  }

  @Test
  void aSecondConnectionOfTheSameUserAsksForNothingMore() {
    upload("u-1", "alice");
    connect(RecordingSocket.reading("alice"));
    long adds = interest.adds();

    connect(RecordingSocket.reading("alice"));

    assertThat(interest.adds()).isEqualTo(adds);
  }

  @Test
  void theLastConnectionLeavingGivesUpTheUsersChannels() {
    upload("u-1", "alice");
    ClientConnection first = connect(RecordingSocket.reading("alice"));
    ClientConnection second = connect(RecordingSocket.reading("alice"));

    first.close();
    assertThat(interest.channels()).contains("user:alice", "upload:u-1");
    second.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> interest.channels().isEmpty());
    assertThat(engine.channelsOfInterest()).isZero();
  }

  @Test
  void anUploadIsNeededWhileAConnectedUserFollowsIt() {
    UploadId id = upload("u-1");
    connect(RecordingSocket.reading("alice"));
    connect(RecordingSocket.reading("bob"));

    subscribe("alice", id);
    subscribe("bob", id);
    assertThat(interest.channels()).contains("upload:u-1");

    engine.applyCommitted(AudienceChange.unsubscribed(new UserId("alice"), id));
    engine.applyCommitted(AudienceChange.unsubscribed(new UserId("bob"), id));

    await().atMost(Duration.ofSeconds(5)).until(() -> !interest.wants("upload:u-1"));
    assertThat(interest.channels()).containsExactlyInAnyOrder("user:alice", "user:bob");
  }

  @Test
  void aSubscriptionOfAUserNotConnectedHereAsksForNothing() {
    UploadId id = upload("u-1");

    subscribe("carol", id);
    engine.apply(AudienceChange.subscribed(new UserId("dave"), id));

    assertThat(interest.channels()).isEmpty();
  }

  @Test
  void anAnnouncedSubscriptionOfAUserConnectedHereAsksForTheUpload() {
    UploadId id = upload("u-1");
    connect(RecordingSocket.reading("bob"));
    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);

    engine.apply(AudienceChange.subscribed(new UserId("bob"), id));

    assertThat(interest.channels()).contains("upload:u-1");
  }

  @Test
  void aDeletedUploadIsNoLongerNeeded() {
    UploadId id = upload("u-1", "alice");
    connect(RecordingSocket.reading("alice"));

    engine.applyCommitted(AudienceChange.uploadDeleted(id));

    await().atMost(Duration.ofSeconds(5)).until(() -> !interest.wants("upload:u-1"));
  }

  @Test
  void aChannelNeededAgainWithinTheLingerCostsNoCommand() {
    engine.close();
    engine = engineLingering(Duration.ofMinutes(10));
    upload("u-1", "alice");
    connect(RecordingSocket.reading("alice")).close();
    long adds = interest.adds();

    connect(RecordingSocket.reading("alice"));

    assertThat(interest.adds()).isEqualTo(adds);
    assertThat(interest.removes()).isZero();
  }

  @Test
  void aSubscriberOfAnUploadReceivedAgainGetsItsStoredLatestEventNotAStaleOne() {
    UploadId id = upload("u-1", "alice");
    ClientConnection alice = connect(RecordingSocket.reading("alice"));
    engine.relay(progress(id, 10));
    alice.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !interest.wants("upload:u-1"));
    // While no one here needed it, this instance stopped receiving it; another one stored 90.
    ProgressEvent missed = progress(id, 90);
    long registration =
        new InMemorySubscriberDirectory(store).findAudience(id, T0).orElseThrow().registration();
    uploads.saveLatestEvent(id, registration, missed.toLatestEvent());

    var again = RecordingSocket.reading("alice");
    connect(again);
    subscribe("alice", id);

    again.awaitWrites(1);
    assertThat(again.written()).containsExactly(missed.payload());
  }

  @Test
  void afterTheListenerSubscribedAgainWhatConnectedUsersFollowIsReadAgain() {
    UploadId kept = upload("u-1", "alice");
    connect(RecordingSocket.reading("alice"));
    // Announcements missed while Redis was away: alice followed u-2 and left u-1 elsewhere.
    UploadId added = upload("u-2", "alice");
    subscriptions.remove(new UserId("alice"), kept);

    engine.resynchronize();

    await().atMost(Duration.ofSeconds(5)).until(() -> interest.wants("upload:" + added));
    await().atMost(Duration.ofSeconds(5)).until(() -> !interest.wants("upload:" + kept));
  }

  @Test
  void afterTheListenerSubscribedAgainEveryConnectedUsersFollowsAreReadInAFewQueries() {
    int users = 2 * FanOutEngine.USERS_PER_FOLLOWS_QUERY + 1;
    for (int i = 0; i < users; i++) { // connected once their channels are; greetings not awaited
      var socket = RecordingSocket.reading("user-" + i);
      engine.connect(
          Caller.user(socket.userId()), socket, "{}", ClientCapabilities.LATEST_ON_SUBSCRIBE);
    }
    // Missed while Redis was away: the last user to connect followed an upload elsewhere.
    UploadId missed = upload("u-missed", "user-" + (users - 1));
    int readsOfOneUser = directory.followReads();

    engine.resynchronize();

    await().atMost(Duration.ofSeconds(10)).until(() -> interest.wants("upload:" + missed));
    await().atMost(Duration.ofSeconds(10)).until(() -> directory.followBatches().size() == 3);
    assertThat(directory.followBatches())
        .containsExactly(
            FanOutEngine.USERS_PER_FOLLOWS_QUERY, FanOutEngine.USERS_PER_FOLLOWS_QUERY, 1);
    assertThat(directory.followReads()).isEqualTo(readsOfOneUser);
  }
}
