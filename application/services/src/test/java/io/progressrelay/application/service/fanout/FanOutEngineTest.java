package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.application.port.in.relay.ConnectionLimitException;
import io.progressrelay.application.port.out.DisconnectReason;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FanOutEngineTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String GREETING = "{\"action\":\"auth_success\"}";
  // Not the workers' default prefixes: nothing in the engine may depend on them.
  private static final String UPLOAD_PREFIX = "relay-a:upload:";
  private static final String USER_PREFIX = "relay-a:user:";

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));
  private final FanOutEngine engine =
      new FanOutEngine(
          FanOutSettings.DEFAULT.withQueueLimits(50, 1 << 20).withMaxConnectionsPerUser(3),
          directory,
          uploads,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC());

  @AfterEach
  void stop() {
    directory.open();
    engine.close();
  }

  private UploadId upload(String id, String owner, String... subscribers) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId(owner)), T0);
    for (String subscriber : subscribers) {
      subscriptions.add(new Subscription(new UserId(subscriber), uploadId, T0), 100, T0);
    }
    return uploadId;
  }

  // As the engine's flush stores it, for the upload's current registration.
  private void storeLatest(UploadId id, ProgressEvent event) {
    long registration =
        new InMemorySubscriberDirectory(store).findAudience(id, T0).orElseThrow().registration();
    uploads.saveLatestEvent(id, registration, event.toLatestEvent());
  }

  private RecordingSocket connect(RecordingSocket socket) {
    session(socket, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    return socket;
  }

  private ClientConnection session(RecordingSocket socket, ClientCapabilities capabilities) {
    ClientConnection session =
        engine.connect(Caller.user(socket.userId()), socket, GREETING, capabilities);
    socket.passGreeting();
    return session;
  }

  // What a socket's subscribe request does: store the subscription, report it, answer.
  private String subscribe(String user, UploadId upload) {
    subscriptions.add(new Subscription(new UserId(user), upload, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId(user), upload));
    return "{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}";
  }

  private static ProgressEvent progress(UploadId upload, int percent) {
    return event(
        new EventChannel.Upload(UPLOAD_PREFIX, upload),
        "upload_progress",
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + upload
            + "\",\"progress_percent\":"
            + percent
            + "}}");
  }

  private static ProgressEvent completed(UploadId upload) {
    return event(
        new EventChannel.Upload(UPLOAD_PREFIX, upload),
        "upload_completed",
        "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}");
  }

  private static ProgressEvent event(EventChannel channel, String action, String payload) {
    return ProgressEvent.of(channel, action, null, null, payload, Instant.now(), System.nanoTime());
  }

  @Test
  void anUploadEventReachesEveryConnectionOfEverySubscriberAndNoOneElse() {
    UploadId id = upload("u-1", "alice", "alice", "bob");
    var alice1 = connect(RecordingSocket.reading("alice"));
    var alice2 = connect(RecordingSocket.reading("alice"));
    var bob = connect(RecordingSocket.reading("bob"));
    var carol = connect(RecordingSocket.reading("carol"));

    ProgressEvent event = progress(id, 20);
    engine.relay(event);

    await().until(() -> Stream.of(alice1, alice2, bob).allMatch(s -> s.written().size() == 1));
    assertThat(alice1.written()).containsExactly(event.payload());
    assertThat(alice2.written()).containsExactly(event.payload());
    assertThat(bob.written()).containsExactly(event.payload());
    assertThat(carol.written()).isEmpty();
  }

  @Test
  void aWideFanOutKeepsEverySocketsOrder() {
    int width = 200;
    String[] subscribers = new String[width];
    for (int i = 0; i < width; i++) {
      subscribers[i] = "user-" + i;
    }
    UploadId id = upload("wide", "user-0", subscribers);
    List<RecordingSocket> sockets = new ArrayList<>();
    for (String subscriber : subscribers) {
      sockets.add(connect(RecordingSocket.reading(subscriber)));
    }
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      var event =
          event(new EventChannel.Upload(UPLOAD_PREFIX, id), "upload_log", "{\"n\":" + i + "}");
      sent.add(event.payload());
      engine.relay(event);
    }

    await().until(() -> sockets.stream().allMatch(socket -> socket.written().size() == 50));
    sockets.forEach(socket -> assertThat(socket.written()).containsExactlyElementsOf(sent));
  }

  @Test
  void aUserChannelEventReachesEveryConnectionOfThatUser() {
    var alice1 = connect(RecordingSocket.reading("alice"));
    var alice2 = connect(RecordingSocket.reading("alice"));
    var bob = connect(RecordingSocket.reading("bob"));

    engine.relay(
        event(
            new EventChannel.User(USER_PREFIX, new UserId("alice")),
            "batch_progress",
            "{\"a\":1}"));

    await().until(() -> alice1.written().size() == 1 && alice2.written().size() == 1);
    assertThat(alice1.written()).containsExactly("{\"a\":1}");
    assertThat(alice2.written()).containsExactly("{\"a\":1}");
    assertThat(bob.written()).isEmpty();
  }

  @Test
  void steadyStateForwardingLoadsEachAudienceOnce() {
    UploadId id = upload("u-1", "alice", "bob");
    var bob = connect(RecordingSocket.reading("bob"));

    for (int i = 0; i < 1000; i++) {
      engine.relay(i % 100 == 99 ? completed(id) : progress(id, i % 100));
    }

    // Each progress frame is written, or replaced by a newer one while it waited for its turn.
    await().until(() -> bob.written().size() + engine.stats().framesCoalesced() == 1000);
    assertThat(bob.written()).filteredOn(completed(id).payload()::equals).hasSize(10);
    assertThat(directory.loads()).isEqualTo(1);
  }

  @Test
  void eventsArrivingWhileSubscribersLoadWaitAndKeepTheirOrder() {
    UploadId id = upload("u-1", "alice", "bob");
    var bob = connect(RecordingSocket.reading("bob"));
    directory.close();

    // Events no newer one replaces, so every one of them must arrive, in order.
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProgressEvent event =
          i == 4
              ? completed(id)
              : event(
                  new EventChannel.Upload(UPLOAD_PREFIX, id), "upload_log", "{\"n\":" + i + "}");
      sent.add(event.payload());
      engine.relay(event);
    }
    assertThat(bob.written()).isEmpty();
    directory.open();

    await().until(() -> bob.written().size() == 5);
    assertThat(bob.written()).containsExactlyElementsOf(sent);
  }

  @Test
  void aStalledReaderDelaysOnlyItselfAndEndsAsASlowConsumer() {
    UploadId id = upload("u-1", "alice", "alice", "bob");
    var stalled = connect(RecordingSocket.stalled("alice"));
    var reading = connect(RecordingSocket.reading("bob"));
    engine.relay(progress(id, 0));
    await().until(() -> reading.written().size() == 1);
    // The stalled socket's first write must be in flight before the flood: a delivery thread that
    // took its turn late would put up to a batch of the flood in flight with it, leaving too few
    // frames waiting to overflow the queue, and the socket would never count as slow.
    stalled.awaitWrites(2);

    for (int i = 0; i < 100; i++) {
      engine.relay(
          event(new EventChannel.Upload(UPLOAD_PREFIX, id), "upload_log", "{\"n\":" + i + "}"));
      // The reader keeps up event by event: relayed faster than its delivery thread is scheduled,
      // 51 frames would wait for it too, and it would be closed as slow like the stalled one.
      int delivered = i + 2;
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> reading.written().size() == delivered);
    }

    await().until(() -> reading.written().size() == 101 && stalled.disconnected() != null);
    assertThat(stalled.disconnected()).isEqualTo(DisconnectReason.SLOW_CONSUMER);
    assertThat(engine.stats().slowConsumersClosed()).isEqualTo(1);
    assertThat(engine.connections()).extracting(c -> c.userId().value()).containsExactly("bob");
  }

  @Test
  void progressBehindAStalledReaderCoalescesButTheTerminalEventIsKept() {
    UploadId id = upload("u-1", "alice", "alice");
    var stalled = connect(RecordingSocket.stalled("alice"));
    engine.relay(progress(id, 0));
    await().until(() -> stalled.written().size() == 1);

    for (int i = 1; i < 1000; i++) {
      engine.relay(progress(id, i % 100));
    }
    engine.relay(completed(id));
    stalled.resume();

    await().until(() -> stalled.written().size() == 3);
    assertThat(stalled.written())
        .containsExactly(
            progress(id, 0).payload(), progress(id, 99).payload(), completed(id).payload());
    assertThat(stalled.disconnected()).isNull();
  }

  // Subscribed through this instance's use cases, or announced by another instance after storing
  // it (then this one checks storage first): the same frames either way.
  @ParameterizedTest(name = "announced by another instance: {0}")
  @ValueSource(booleans = {false, true})
  void aNewSubscriberGetsTheLatestEventAtOnceAndThenLiveOnes(boolean announced) {
    UploadId id = upload("u-1", "alice", "alice");
    connect(RecordingSocket.reading("alice"));
    engine.relay(progress(id, 50));
    var bob = connect(RecordingSocket.reading("bob"));
    await().until(() -> engine.stats().framesQueued() == 1);

    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    AudienceChange subscribed = AudienceChange.subscribed(new UserId("bob"), id);
    if (announced) {
      engine.apply(subscribed);
    } else {
      engine.applyCommitted(subscribed);
    }
    engine.relay(completed(id));

    await().until(() -> bob.written().size() == 2);
    assertThat(bob.written()).containsExactly(progress(id, 50).payload(), completed(id).payload());
  }

  @Test
  void anAnnouncedSubscriptionThatStorageDoesNotHoldGivesNothingAway() {
    UploadId id = upload("u-1", "alice", "alice");
    var alice = connect(RecordingSocket.reading("alice"));
    engine.relay(progress(id, 50));
    var mallory = connect(RecordingSocket.reading("mallory"));
    await().until(() -> alice.written().size() == 1);

    // As a forged control message would say it: no subscription was ever stored.
    engine.apply(AudienceChange.subscribed(new UserId("mallory"), id));
    engine.relay(completed(id));

    await().until(() -> alice.written().size() == 2);
    // Frames are queued before any is written: none was queued for mallory, latest or live.
    assertThat(engine.stats().framesQueued()).isEqualTo(2);
    assertThat(mallory.written()).isEmpty();
    assertThat(directory.loads()).isEqualTo(2); // the announcement made the route load again
  }

  @Test
  void aConnectionThatDoesNotWantTheLatestEventGetsOnlyLiveEventsAfterSubscribing() {
    UploadId id = upload("u-1", "alice", "alice");
    connect(RecordingSocket.reading("alice"));
    engine.relay(completed(id));
    var oldClient = RecordingSocket.reading("bob");
    session(oldClient, ClientCapabilities.EVENTS_ONLY);
    var newClient = connect(RecordingSocket.reading("bob"));
    await().until(() -> engine.stats().framesQueued() == 1);

    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId("bob"), id));
    engine.relay(progress(id, 0));

    await().until(() -> newClient.written().size() == 2 && oldClient.written().size() == 1);
    assertThat(newClient.written())
        .containsExactly(completed(id).payload(), progress(id, 0).payload());
    assertThat(oldClient.written()).containsExactly(progress(id, 0).payload());
  }

  @Test
  void aConnectionThatDoesNotWantTheLatestEventGetsNoStoredOneEither() {
    UploadId id = upload("u-1", "alice");
    storeLatest(id, completed(id));
    var oldClient = RecordingSocket.reading("bob");
    session(oldClient, ClientCapabilities.EVENTS_ONLY);
    var newClient = connect(RecordingSocket.reading("bob"));

    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId("bob"), id));
    await().until(() -> newClient.written().size() == 1);
    engine.relay(progress(id, 0));

    await().until(() -> oldClient.written().size() == 1);
    assertThat(oldClient.written()).containsExactly(progress(id, 0).payload());
    assertThat(newClient.written())
        .containsExactly(completed(id).payload(), progress(id, 0).payload());
  }

  @Test
  void theLatestEventFollowsTheAnswerToTheConnectionsOwnSubscribe() {
    UploadId id = upload("u-1", "alice", "alice");
    connect(RecordingSocket.reading("alice"));
    engine.relay(progress(id, 50));
    var bob = RecordingSocket.reading("bob");
    ClientConnection session = session(bob, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    await().until(() -> engine.stats().framesQueued() == 1);

    session.answerSubscribe(id, () -> subscribe("bob", id));

    await().until(() -> bob.written().size() == 2);
    assertThat(bob.written())
        .containsExactly(
            "{\"action\":\"subscribed\",\"upload_id\":\"u-1\"}", progress(id, 50).payload());
  }

  @Test
  void theLatestEventLoadedFromStorageAlsoFollowsTheAnswer() {
    UploadId id = upload("u-1", "alice");
    storeLatest(id, completed(id));
    var bob = RecordingSocket.reading("bob");
    ClientConnection session = session(bob, ClientCapabilities.LATEST_ON_SUBSCRIBE);

    // The route loads on a loader thread; this answer waits until the load offered the event.
    session.answerSubscribe(
        id,
        () -> {
          String answer = subscribe("bob", id);
          await().until(() -> engine.stats().framesQueued() == 1);
          return answer;
        });

    await().until(() -> bob.written().size() == 2);
    assertThat(bob.written())
        .containsExactly(
            "{\"action\":\"subscribed\",\"upload_id\":\"u-1\"}", completed(id).payload());
  }

  @Test
  void aLatestEventHeldForTheAnswerIsDroppedWhenANewerEventOfTheUploadWentAhead() {
    UploadId id = upload("u-1", "alice", "alice");
    connect(RecordingSocket.reading("alice"));
    engine.relay(progress(id, 90));
    var bob = RecordingSocket.reading("bob");
    ClientConnection session = session(bob, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    await().until(() -> engine.stats().framesQueued() == 1);

    session.answerSubscribe(
        id,
        () -> {
          String answer = subscribe("bob", id);
          engine.relay(completed(id)); // published while the answer is on its way
          return answer;
        });

    await().until(() -> bob.written().size() == 2);
    assertThat(bob.written())
        .containsExactly(
            completed(id).payload(), "{\"action\":\"subscribed\",\"upload_id\":\"u-1\"}");
  }

  @Test
  void aStoredLatestEventHeldForTheAnswerIsDroppedWhenANewerLiveEventWentAhead() {
    UploadId id = upload("u-1", "alice");
    storeLatest(id, progress(id, 90));
    var bob = RecordingSocket.reading("bob");
    ClientConnection session = session(bob, ClientCapabilities.LATEST_ON_SUBSCRIBE);

    session.answerSubscribe(
        id,
        () -> {
          String answer = subscribe("bob", id);
          await().until(() -> engine.stats().framesQueued() == 1); // the stored event, held
          engine.relay(completed(id)); // live, under the workers' own prefix
          return answer;
        });
    engine.relay(progress(id, 95));

    // Stored and live frames share the channel's prefix-free key, so the stale one never follows.
    await().until(() -> bob.written().size() == 3);
    assertThat(bob.written())
        .containsExactly(
            completed(id).payload(),
            "{\"action\":\"subscribed\",\"upload_id\":\"u-1\"}",
            progress(id, 95).payload());
  }

  @Test
  void aConnectionAnswersOneSubscribeRequestAtATime() {
    UploadId id = upload("u-1", "alice");
    ClientConnection session =
        session(RecordingSocket.reading("bob"), ClientCapabilities.LATEST_ON_SUBSCRIBE);

    assertThatThrownBy(
            () ->
                session.answerSubscribe(
                    id,
                    () -> {
                      session.answerSubscribe(id, () -> "inner");
                      return "outer";
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLateSubscriberAfterARestartGetsTheStoredLatestEvent() {
    UploadId id = upload("u-1", "alice");
    storeLatest(id, completed(id));
    var bob = connect(RecordingSocket.reading("bob"));

    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId("bob"), id));

    await().until(() -> bob.written().size() == 1);
    assertThat(bob.written()).containsExactly(completed(id).payload());
  }

  @Test
  void unsubscribingStopsDeliveryAndDeletingForgetsTheUpload() {
    UploadId id = upload("u-1", "alice", "bob");
    var bob = connect(RecordingSocket.reading("bob"));
    engine.relay(progress(id, 10));
    await().until(() -> bob.written().size() == 1);

    subscriptions.remove(new UserId("bob"), id);
    engine.applyCommitted(AudienceChange.unsubscribed(new UserId("bob"), id));
    engine.relay(progress(id, 20));

    assertThat(bob.written()).hasSize(1);
    engine.applyCommitted(AudienceChange.uploadDeleted(id));
    assertThat(engine.stats().eventsWithoutAudience()).isEqualTo(1);
  }

  @Test
  void theLatestEventIsWrittenToStorageOffTheHotPath() {
    UploadId id = upload("u-1", "alice");

    engine.relay(progress(id, 10));
    engine.relay(completed(id));

    await()
        .until(
            () -> uploads.findById(id).orElseThrow().latestEvent().map(e -> e.action()).orElse(""),
            action -> action.equals("upload_completed"));
  }

  @Test
  void aUserMayHoldOnlyTheConfiguredNumberOfConnections() {
    for (int i = 0; i < 3; i++) {
      connect(RecordingSocket.reading("alice"));
    }

    assertThatThrownBy(() -> connect(RecordingSocket.reading("alice")))
        .isInstanceOf(ConnectionLimitException.class)
        .hasMessageContaining("at most 3");
  }

  @Test
  void aClosedSessionLeavesTheRegistry() {
    var socket = RecordingSocket.reading("alice");
    var session =
        engine.connect(
            Caller.user(socket.userId()), socket, GREETING, ClientCapabilities.LATEST_ON_SUBSCRIBE);

    session.close();

    assertThat(engine.connections()).isEmpty();
  }

  @Test
  void afterAResynchronizationAChangeThatWasNeverAnnouncedIsPickedUpFromStorage() {
    UploadId id = upload("u-1", "alice");
    var bob = connect(RecordingSocket.reading("bob"));
    engine.relay(progress(id, 10));
    await().until(() -> directory.loads() == 1);

    // Bob subscribes on another instance while this one's control channel is down.
    subscriptions.add(new Subscription(new UserId("bob"), id, T0), 100, T0);
    engine.resynchronize();
    engine.relay(progress(id, 20));

    await().until(() -> bob.written().size() == 1);
    assertThat(bob.written()).containsExactly(progress(id, 20).payload());
    assertThat(directory.loads()).isEqualTo(2);
  }
}
