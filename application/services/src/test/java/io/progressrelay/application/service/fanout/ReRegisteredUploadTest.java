package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upload id deleted and registered again for another owner: the latest state belongs to a
 * registration, so nothing of the first owner's upload reaches the second, in memory or in storage.
 */
class ReRegisteredUploadTest {
  private static final Caller WORKER = new Caller(new UserId("worker"), Set.of(Role.SERVICE));
  private static final Caller ALICE = Caller.user(new UserId("alice"));
  private static final Caller BOB = Caller.user(new UserId("bob"));
  private static final UploadId ID = new UploadId("u-1");

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private final GatedDirectory directory =
      new GatedDirectory(new InMemorySubscriberDirectory(store));
  private final FanOutEngine engine =
      new FanOutEngine(
          FanOutSettings.DEFAULT,
          directory,
          uploads,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC());
  // The use cases report their changes to this engine, as the only instance would.
  private final RelayServices services =
      RelayServices.create(
          uploads,
          new InMemoryGrantRepository(store),
          subscriptions,
          SubscriptionPolicy.DEFAULT,
          Clock.systemUTC(),
          engine::applyCommitted);

  @AfterEach
  void stop() {
    directory.open();
    engine.close();
  }

  @Test
  void theWriteBackOfTheDeletedRegistrationDoesNotLandInTheNewOne() {
    publishedForAliceThenDeletedAndRegisteredForBob();

    engine.flushLatestEvents();

    assertThat(uploads.findById(ID).orElseThrow().latestEvent()).isEmpty();
  }

  @Test
  void theNewOwnerSubscribingAfterTheWriteBackGetsOnlyTheirOwnEvents() {
    publishedForAliceThenDeletedAndRegisteredForBob();
    engine.flushLatestEvents();
    var bob = connect("bob");

    services.subscriptions().subscribe(BOB, ID);
    engine.relay(progress("bob's", 5));

    await().until(() -> !bob.written().isEmpty());
    assertThat(bob.written()).containsExactly(progress("bob's", 5).payload());
  }

  @Test
  void anEventPublishedWhileTheIdIsUnregisteredBecomesNobodysLatest() {
    register("alice");
    services.uploads().delete(WORKER, ID);
    engine.relay(progress("stray", 70));
    await().until(() -> engine.stats().eventsWithoutAudience() == 1);
    register("bob");
    var bob = connect("bob");

    services.subscriptions().subscribe(BOB, ID);
    engine.relay(progress("bob's", 5));

    await().until(() -> !bob.written().isEmpty());
    assertThat(bob.written()).containsExactly(progress("bob's", 5).payload());
    engine.flushLatestEvents();
    assertThat(uploads.findById(ID).orElseThrow().latestEvent().map(LatestEvent::payload))
        .contains(progress("bob's", 5).payload());
  }

  @Test
  void eventsWaitingForTheAudienceWhenTheUploadIsDeletedReachNobody() {
    register("alice");
    subscriptions.add(new Subscription(ALICE.userId(), ID, Instant.now()), 100, Instant.EPOCH);
    directory.close();
    engine.relay(progress("alice's", 40));
    await().until(() -> directory.loads() == 1);

    services.uploads().delete(WORKER, ID);
    register("bob");
    var bob = connect("bob");
    services.subscriptions().subscribe(BOB, ID);
    directory.open();
    engine.relay(progress("bob's", 5));

    await().until(() -> !bob.written().isEmpty());
    assertThat(bob.written()).containsExactly(progress("bob's", 5).payload());
    assertThat(engine.stats().pendingDropped()).isEqualTo(1);
  }

  @Test
  void aSubscriptionToAnUploadLastSeenUnregisteredLoadsItAgain() {
    engine.relay(progress("stray", 70));
    await().until(() -> engine.stats().eventsWithoutAudience() == 1);
    // Registered and subscribed elsewhere, and the registration's announcement never came.
    uploads.register(new UploadRegistration(ID, BOB.userId()), Instant.now());
    subscriptions.add(new Subscription(BOB.userId(), ID, Instant.now()), 100, Instant.EPOCH);
    var bob = connect("bob");

    engine.applyCommitted(AudienceChange.subscribed(BOB.userId(), ID));
    engine.relay(progress("bob's", 5));

    await().until(() -> !bob.written().isEmpty());
    assertThat(bob.written()).containsExactly(progress("bob's", 5).payload());
    engine.flushLatestEvents();
    assertThat(uploads.findById(ID).orElseThrow().latestEvent().map(LatestEvent::payload))
        .as("the reloaded route writes the new registration's events back")
        .contains(progress("bob's", 5).payload());
  }

  /** Alice's subscriber saw her event (so it is the route's latest and waits for the write). */
  private void publishedForAliceThenDeletedAndRegisteredForBob() {
    register("alice");
    var alice = connect("alice");
    services.subscriptions().subscribe(ALICE, ID);
    engine.relay(progress("alice's", 40));
    await().until(() -> alice.written().size() == 1);
    services.uploads().delete(WORKER, ID);
    register("bob");
  }

  private void register(String owner) {
    services.registration().register(WORKER, new UploadRegistration(ID, new UserId(owner)));
  }

  private RecordingSocket connect(String user) {
    var socket = RecordingSocket.reading(user);
    engine.connect(
        Caller.user(socket.userId()),
        socket,
        "{\"action\":\"auth_success\"}",
        ClientCapabilities.LATEST_ON_SUBSCRIBE);
    socket.passGreeting();
    return socket;
  }

  private static ProgressEvent progress(String whose, int percent) {
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", ID),
        "upload_progress",
        null,
        null,
        "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\"u-1\",\"progress_percent\":"
            + percent
            + ",\"note\":\""
            + whose
            + "\"}}",
        Instant.now(),
        System.nanoTime());
  }
}
