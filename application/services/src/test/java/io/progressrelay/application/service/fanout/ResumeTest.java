package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.in.relay.ClientConnection;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that see positions (progress-relay.v3, event streams): enveloped events, the catch-up
 * after authenticating, subscribing since a position, gaps, and the old protocol left as it was.
 */
class ResumeTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String GREETING = "{\"action\":\"auth_success\"}";
  private static final String UPLOAD_PREFIX = "upload:";
  private static final String USER_PREFIX = "user:";
  private static final Pattern POSITION = Pattern.compile("\"position\":\"([^\"]+)\"");

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));
  private final FanOutEngine engine =
      new FanOutEngine(
          FanOutSettings.DEFAULT.withQueueLimits(100, 1 << 20),
          new ContinuitySettings(3, Duration.ofMinutes(5), 1 << 20, false, 100),
          directory,
          uploads,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC(),
          null);

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

  private long registrationOf(UploadId id) {
    return new InMemorySubscriberDirectory(store).findAudience(id, T0).orElseThrow().registration();
  }

  private ClientConnection connect(RecordingSocket socket, ClientCapabilities capabilities) {
    ClientConnection connection =
        engine.connect(Caller.user(socket.userId()), socket, GREETING, capabilities);
    socket.passGreeting();
    return connection;
  }

  private String subscribe(String user, UploadId upload) {
    subscriptions.add(new Subscription(new UserId(user), upload, T0), 100, T0);
    engine.applyCommitted(AudienceChange.subscribed(new UserId(user), upload));
    return "{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}";
  }

  private static ProgressEvent progress(UploadId upload, int percent) {
    return ProgressEvent.of(
        new EventChannel.Upload(UPLOAD_PREFIX, upload),
        "upload_progress",
        null,
        null,
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\""
            + upload
            + "\",\"progress_percent\":"
            + percent
            + "}}",
        Instant.now(),
        System.nanoTime());
  }

  private static ProgressEvent completed(UploadId upload) {
    return ProgressEvent.of(
        new EventChannel.Upload(UPLOAD_PREFIX, upload),
        "upload_completed",
        null,
        null,
        "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}",
        Instant.now(),
        System.nanoTime());
  }

  private static ProgressEvent batch(String user, String batch, int processed) {
    return ProgressEvent.of(
        new EventChannel.User(USER_PREFIX, new UserId(user)),
        "batch_progress",
        batch,
        null,
        "{\"action\":\"batch_progress\",\"payload\":{\"batch_id\":\""
            + batch
            + "\",\"processed\":"
            + processed
            + "}}",
        Instant.now(),
        System.nanoTime());
  }

  // Relays the events one at a time through a v3 watcher of their channels and returns the
  // positions they got (one at a time: an upload's first event waits for its route to load, so
  // a user channel's event relayed meanwhile would overtake it).
  private List<String> relayWatched(RecordingSocket watcher, ProgressEvent... events) {
    int before = watcher.written().size();
    for (int i = 0; i < events.length; i++) {
      engine.relay(events[i]);
      int expected = before + i + 1;
      await().until(() -> watcher.written().size() == expected);
    }
    return watcher.written().subList(before, before + events.length).stream()
        .map(ResumeTest::positionOf)
        .toList();
  }

  private static String positionOf(String frame) {
    Matcher matcher = POSITION.matcher(frame);
    assertThat(matcher.find()).as("a position in %s", frame).isTrue();
    return matcher.group(1);
  }

  private static String envelope(String channel, String position, String payload) {
    return "{\"action\":\"event\",\"channel\":\""
        + channel
        + "\",\"position\":\""
        + position
        + "\",\"data\":"
        + payload
        + "}";
  }

  private static String latest(String channel, String position, String payload) {
    return "{\"action\":\"event\",\"channel\":\""
        + channel
        + "\",\"position\":\""
        + position
        + "\",\"latest\":true,\"data\":"
        + payload
        + "}";
  }

  @Test
  void aV3ClientGetsEventsInAnEnvelopeWithPositionsWhileTheOldClientGetsThePayloadAsPublished() {
    UploadId id = upload("u-1", "alice", "alice");
    var old = RecordingSocket.reading("alice");
    connect(old, ClientCapabilities.EVENTS_ONLY);
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);

    engine.relay(progress(id, 10));
    engine.relay(progress(id, 20));

    await().until(() -> v3.written().size() == 2 && old.written().size() == 2);
    assertThat(old.written())
        .containsExactly(progress(id, 10).payload(), progress(id, 20).payload());
    String first = positionOf(v3.written().get(0));
    String second = positionOf(v3.written().get(1));
    assertThat(v3.written())
        .containsExactly(
            envelope("upload:u-1", first, progress(id, 10).payload()),
            envelope("upload:u-1", second, progress(id, 20).payload()));
    assertThat(Position.parse(second).orElseThrow().isAfter(Position.parse(first).orElseThrow()))
        .isTrue();
  }

  @Test
  void aCatchUpSinceAPositionSendsEveryMissedEventInOrderThenCaughtUp() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions =
        relayWatched(watcher, progress(id, 10), progress(id, 20), progress(id, 30));

    var back = RecordingSocket.reading("alice");
    ClientConnection connection = connect(back, ClientCapabilities.RESUMING);
    connection.catchUp(Position.parse(positions.get(0)), List.of(id));

    await().until(() -> back.written().size() == 3);
    assertThat(back.written().subList(0, 2))
        .containsExactly(
            envelope("upload:u-1", positions.get(1), progress(id, 20).payload()),
            envelope("upload:u-1", positions.get(2), progress(id, 30).payload()));
    assertThat(back.written().get(2))
        .isEqualTo("{\"action\":\"caught_up\",\"cursor\":\"" + positions.get(2) + "\"}");
  }

  @Test
  void aPositionOlderThanTheWindowGetsAGapThenTheLatestState() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions =
        relayWatched(
            watcher,
            progress(id, 10),
            progress(id, 20),
            progress(id, 30),
            progress(id, 40),
            progress(id, 50));

    var back = RecordingSocket.reading("alice");
    connect(back, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)), List.of(id)); // the window keeps 3

    await().until(() -> back.written().size() == 3);
    assertThat(back.written())
        .containsExactly(
            "{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"history_exceeded\"}",
            latest("upload:u-1", positions.get(4), progress(id, 50).payload()),
            "{\"action\":\"caught_up\",\"cursor\":\"" + positions.get(4) + "\"}");
  }

  @Test
  void aPositionFromAnotherEpochGetsAGap() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    relayWatched(watcher, progress(id, 10));

    var back = RecordingSocket.reading("alice");
    connect(back, ClientCapabilities.RESUMING)
        .catchUp(Optional.of(Position.numbered("otherrun", 1)), List.of(id));

    // The upload's gap and latest event, the user channel's gap (no batch yet), caught_up.
    await().until(() -> back.written().size() == 4);
    assertThat(back.written().get(0))
        .isEqualTo("{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"epoch_changed\"}");
    assertThat(back.written().get(2))
        .isEqualTo("{\"action\":\"gap\",\"channel\":\"user:alice\",\"reason\":\"epoch_changed\"}");
  }

  @Test
  void aCatchUpWithoutAPositionSendsTheLatestStatesOfUploadsAndOfTheUsersBatches() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions =
        relayWatched(
            watcher,
            progress(id, 10),
            completed(id),
            batch("alice", "b-1", 1),
            batch("alice", "b-2", 1),
            batch("alice", "b-1", 2));

    var fresh = RecordingSocket.reading("alice");
    connect(fresh, ClientCapabilities.RESUMING).catchUp(Optional.empty(), List.of(id));

    await().until(() -> fresh.written().size() == 4);
    assertThat(fresh.written())
        .containsExactly(
            latest("upload:u-1", positions.get(1), completed(id).payload()),
            latest("user:alice", positions.get(4), batch("alice", "b-1", 2).payload()),
            latest("user:alice", positions.get(3), batch("alice", "b-2", 1).payload()),
            "{\"action\":\"caught_up\",\"cursor\":\"" + positions.get(4) + "\"}");
  }

  @Test
  void liveEventsDuringACatchUpWaitForItsEndAndKeepTheirOrder() {
    UploadId seen = upload("u-1", "alice", "alice");
    UploadId loading = upload("u-2", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(watcher, progress(seen, 10));
    directory.close(); // u-2 has no route yet: its catch-up waits for the load

    var back = RecordingSocket.reading("alice");
    connect(back, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)), List.of(loading));
    engine.relay(batch("alice", "b-1", 1)); // live: held until the catch-up ends
    engine.relay(progress(loading, 30)); // waits in the loading route
    directory.open();

    // The upload's event waited for the load with the catch-up: it is recovered (not sent again
    // as live); the user channel's event went out live after the channel answered, so it waited
    // for the end of the catch-up; caught_up comes last, with the newest position.
    await().until(() -> back.written().size() == 3);
    String uploadPosition = positionOf(back.written().get(0));
    String batchPosition = positionOf(back.written().get(1));
    assertThat(back.written())
        .containsExactly(
            envelope("upload:u-2", uploadPosition, progress(loading, 30).payload()),
            envelope("user:alice", batchPosition, batch("alice", "b-1", 1).payload()),
            "{\"action\":\"caught_up\",\"cursor\":\"" + uploadPosition + "\"}");
    await().during(Duration.ofMillis(200)).until(() -> back.written().size() == 3);
  }

  @Test
  void subscribingSinceAPositionSendsTheAnswerThenTheMissedEvents() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(watcher, progress(id, 10), progress(id, 20));
    var bob = RecordingSocket.reading("bob");
    ClientConnection connection = connect(bob, ClientCapabilities.RESUMING);

    connection.answerSubscribe(id, Position.parse(positions.get(0)), () -> subscribe("bob", id));

    await().until(() -> bob.written().size() == 2);
    assertThat(bob.written())
        .containsExactly(
            "{\"action\":\"subscribed\",\"upload_id\":\"u-1\"}",
            envelope("upload:u-1", positions.get(1), progress(id, 20).payload()));
  }

  @Test
  void afterAListenerOutageResumingClientsAreToldOfTheGapAndOldClientsGetNothing() {
    UploadId id = upload("u-1", "alice", "alice");
    var old = RecordingSocket.reading("alice");
    connect(old, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(v3, progress(id, 40));
    await().until(() -> old.written().size() == 1);

    engine.resynchronize();

    await().until(() -> v3.written().size() == 3);
    assertThat(v3.written().subList(1, 3))
        .containsExactly(
            "{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"listener_outage\"}",
            latest("upload:u-1", positions.get(0), progress(id, 40).payload()));
    var later = RecordingSocket.reading("alice");
    connect(later, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)).map(Position::justBefore), List.of(id));
    await().until(() -> later.written().size() >= 1);
    assertThat(later.written().get(0)).contains("\"reason\":\"listener_outage\"");
    assertThat(old.written()).hasSize(1);
  }

  @Test
  void whenOneChannelWasAwayOnlyItsResumingClientsAreToldAndOnlyItsRouteLoadsAgain() {
    UploadId moved = upload("u-1", "alice", "alice");
    UploadId stayed = upload("u-2", "alice", "alice");
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(v3, progress(moved, 40), progress(stayed, 50));
    long loads = engine.stats().audienceLoads();
    int frames = v3.written().size();

    engine.resynchronize(List.of("upload:u-1")); // its slot moved; the rest went on

    await().until(() -> v3.written().size() == frames + 2);

    List<String> after = relayWatched(v3, progress(stayed, 60));
    List<String> reloaded = relayWatched(v3, progress(moved, 70));
    assertThat(v3.written().subList(v3.written().size() - 4, v3.written().size()))
        .containsExactly(
            "{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"listener_outage\"}",
            latest("upload:u-1", positions.get(0), progress(moved, 40).payload()),
            envelope("upload:u-2", after.get(0), progress(stayed, 60).payload()),
            envelope("upload:u-1", reloaded.get(0), progress(moved, 70).payload()));
    assertThat(engine.stats().audienceLoads()).isEqualTo(loads + 1); // u-1's route alone
    var later = RecordingSocket.reading("alice");
    connect(later, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(1)), List.of(moved, stayed));
    await().until(() -> later.written().stream().anyMatch(f -> f.contains("caught_up")));
    assertThat(later.written())
        .anyMatch(f -> f.contains("\"gap\",\"channel\":\"upload:u-1\""))
        .noneMatch(f -> f.contains("\"gap\",\"channel\":\"upload:u-2\""))
        .contains(envelope("upload:u-2", after.get(0), progress(stayed, 60).payload()));
  }

  @Test
  void aResumeFromJustBeforeTheLastEventOfAChannelThatWasAwayIsAGap() {
    UploadId moved = upload("u-1", "alice", "alice");
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(v3, progress(moved, 40)); // the newest position
    int frames = v3.written().size();
    engine.resynchronize(List.of("upload:u-1"));
    await().until(() -> v3.written().size() == frames + 2);

    var later = RecordingSocket.reading("alice");
    connect(later, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)).map(Position::justBefore), List.of(moved));

    await().until(() -> later.written().stream().anyMatch(f -> f.contains("caught_up")));
    assertThat(later.written().get(0))
        .isEqualTo(
            "{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"history_exceeded\"}");
  }

  @Test
  void aChannelThatWasAwayWhileNothingOfItWasKeptIsAGapForAResumeFromBefore() {
    UploadId other = upload("u-2", "alice", "alice");
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(v3, progress(other, 10)); // no user channel kept yet

    engine.resynchronize(List.of("user:alice"));

    var later = RecordingSocket.reading("alice");
    connect(later, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)), List.of());
    await().until(() -> later.written().stream().anyMatch(f -> f.contains("caught_up")));
    assertThat(later.written())
        .contains(
            "{\"action\":\"gap\",\"channel\":\"user:alice\",\"reason\":\"history_exceeded\"}");
  }

  @Test
  void whenAUsersChannelWasAwayItsResumingConnectionsGetAGapWithItsLatestStates() {
    var v3 = RecordingSocket.reading("alice");
    connect(v3, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(v3, batch("alice", "b-1", 1));
    int frames = v3.written().size();

    engine.resynchronize(List.of("user:alice"));

    await().until(() -> v3.written().size() == frames + 2);
    assertThat(v3.written().subList(frames, frames + 2))
        .containsExactly(
            "{\"action\":\"gap\",\"channel\":\"user:alice\",\"reason\":\"listener_outage\"}",
            latest("user:alice", positions.get(0), batch("alice", "b-1", 1).payload()));
    var later = RecordingSocket.reading("alice");
    connect(later, ClientCapabilities.RESUMING)
        .catchUp(Position.parse(positions.get(0)).map(Position::justBefore), List.of());
    await().until(() -> later.written().size() >= 1);
    assertThat(later.written().get(0)).contains("\"action\":\"gap\"");
  }

  @Test
  void anEventStreamWritesIdsOnlyFromTheEndOfItsCatchUp() {
    UploadId id = upload("u-1", "alice", "alice");
    var watcher = RecordingSocket.reading("alice");
    connect(watcher, ClientCapabilities.RESUMING);
    List<String> positions = relayWatched(watcher, progress(id, 10), progress(id, 20));

    var stream = RecordingSocket.reading("alice");
    connect(stream, ClientCapabilities.EVENT_STREAM)
        .catchUp(Position.parse(positions.get(0)), List.of(id));
    await().until(() -> stream.written().size() == 2);
    engine.relay(progress(id, 30));
    await().until(() -> stream.written().size() == 3);

    String live = positionOf(stream.written().get(2));
    assertThat(stream.written())
        .containsExactly(
            "data: "
                + envelope("upload:u-1", positions.get(1), progress(id, 20).payload())
                + "\n\n",
            "id: "
                + positions.get(1)
                + "\ndata: {\"action\":\"caught_up\",\"cursor\":\""
                + positions.get(1)
                + "\"}\n\n",
            "id: "
                + live
                + "\ndata: "
                + envelope("upload:u-1", live, progress(id, 30).payload())
                + "\n\n");
  }

  @Test
  void aTerminalEventIsStoredWithoutWaitingForThePeriodicFlush() {
    var slow =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            ContinuitySettings.DEFAULT,
            directory,
            uploads,
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC(),
            null);
    List<Position> stored = new CopyOnWriteArrayList<>();
    slow.onLatestStored(stored::add);
    try {
      UploadId id = upload("u-1", "alice", "alice");
      slow.relay(progress(id, 10));
      slow.relay(completed(id));
      // The periodic flush runs every 2 s; awaitility's default deadline is 10 s, so this holds
      // the terminal event to the urgent flush only in that it must not need several periods.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  uploads
                      .findLatestEvent(id, registrationOf(id))
                      .map(event -> event.isTerminal())
                      .orElse(false));
      await().until(() -> !stored.isEmpty());
    } finally {
      slow.close();
    }
  }

  @Test
  void inStreamsModeAResynchronizationKeepsTheWindowsAndEntryIdsArePositions() {
    var streams =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            ContinuitySettings.DEFAULT.fromStream(),
            directory,
            uploads,
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC(),
            null);
    try {
      UploadId id = upload("u-1", "alice", "alice");
      var watcher = RecordingSocket.reading("alice");
      streams.connect(
          Caller.user(watcher.userId()), watcher, GREETING, ClientCapabilities.RESUMING);
      watcher.passGreeting();
      streams.relay(progress(id, 10).at(Position.streamEntry(1000, 0)));
      streams.relay(progress(id, 20).at(Position.streamEntry(1000, 1)));
      streams.relay(progress(id, 30).at(Position.streamEntry(1001, 0)));
      await().until(() -> watcher.written().size() == 3);
      assertThat(positionOf(watcher.written().get(2))).isEqualTo("1001-0");

      streams.resynchronize(); // the control channel's listener came back: audiences reload

      var back = RecordingSocket.reading("alice");
      streams
          .connect(Caller.user(back.userId()), back, GREETING, ClientCapabilities.RESUMING)
          .catchUp(Optional.of(Position.streamEntry(1000, 0)), List.of(id));
      back.passGreeting();
      await().until(() -> back.written().size() == 3);
      assertThat(back.written())
          .containsExactly(
              envelope("upload:u-1", "1000-1", progress(id, 20).payload()),
              envelope("upload:u-1", "1001-0", progress(id, 30).payload()),
              "{\"action\":\"caught_up\",\"cursor\":\"1001-0\"}");
    } finally {
      streams.close();
    }
  }

  @Test
  void subscribingAgainGivesTheOtherResumingConnectionsOfTheUserNoReplay() {
    UploadId id = upload("u-1", "alice", "alice");
    var other = RecordingSocket.reading("alice");
    connect(other, ClientCapabilities.RESUMING);
    var v2 = RecordingSocket.reading("alice");
    connect(v2, ClientCapabilities.LATEST_ON_SUBSCRIBE);
    List<String> positions = relayWatched(other, progress(id, 10));
    await().until(() -> v2.written().size() == 1);
    var asking = RecordingSocket.reading("alice");
    ClientConnection connection = connect(asking, ClientCapabilities.RESUMING);

    connection.answerSubscribe(id, Optional.empty(), () -> subscribe("alice", id));

    await().until(() -> asking.written().size() == 2 && v2.written().size() == 2);
    assertThat(asking.written().get(1))
        .isEqualTo(latest("upload:u-1", positions.get(0), progress(id, 10).payload()));
    engine.relay(progress(id, 20)); // the next frame the other resuming connection gets is live
    await().until(() -> other.written().size() == 2);
    assertThat(other.written().get(1)).doesNotContain("\"latest\"");
  }

  @Test
  void inStreamsModeAClientCannotResumeFromBeforeWhereTheStreamIsReadFrom() {
    var streams =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            ContinuitySettings.DEFAULT.fromStream(),
            directory,
            uploads,
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC(),
            null);
    try {
      streams.readingAfter(Position.streamEntry(1000, 5)); // a checkpoint: nothing read yet
      var before = RecordingSocket.reading("alice");
      streams
          .connect(Caller.user(before.userId()), before, GREETING, ClientCapabilities.RESUMING)
          .catchUp(Optional.of(Position.streamEntry(1000, 4)), List.of());
      before.passGreeting();
      var at = RecordingSocket.reading("alice");
      streams
          .connect(Caller.user(at.userId()), at, GREETING, ClientCapabilities.RESUMING)
          .catchUp(Optional.of(Position.streamEntry(1000, 5)), List.of());
      at.passGreeting();

      await().until(() -> before.written().size() == 2 && at.written().size() == 1);
      assertThat(before.written().get(0))
          .isEqualTo(
              "{\"action\":\"gap\",\"channel\":\"user:alice\",\"reason\":\"history_exceeded\"}");
      assertThat(at.written()).containsExactly("{\"action\":\"caught_up\"}");
    } finally {
      streams.close();
    }
  }

  @Test
  void aCatchUpWaitingForALoadRecoversTheEventsThatWaitedWithItOnce() {
    UploadId id = upload("u-1", "alice", "alice");
    directory.close(); // the route's first load waits
    engine.relay(progress(id, 10));
    engine.relay(progress(id, 20));
    var back = RecordingSocket.reading("alice");
    connect(back, ClientCapabilities.RESUMING)
        .catchUp(Optional.of(Position.numbered(epochOf(engine), 0)), List.of(id));
    directory.open();

    await().until(() -> back.written().size() == 3);
    assertThat(back.written().get(0)).contains(progress(id, 10).payload());
    assertThat(back.written().get(1)).contains(progress(id, 20).payload());
    assertThat(back.written().get(2)).startsWith("{\"action\":\"caught_up\"");
    await().during(Duration.ofMillis(200)).until(() -> back.written().size() == 3);
  }

  private static String epochOf(FanOutEngine engine) {
    var probe = RecordingSocket.reading("probe");
    engine.connect(Caller.user(probe.userId()), probe, GREETING, ClientCapabilities.RESUMING);
    probe.passGreeting();
    engine.relay(batch("probe", "b", 1));
    await().until(() -> probe.written().size() == 1);
    return Position.parse(positionOf(probe.written().get(0))).orElseThrow().epoch();
  }
}
