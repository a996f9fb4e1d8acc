package io.progressrelay.application.service.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ClientCapabilities;
import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Subscription;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener thread only routes and queues; socket writes run on the delivery threads, each
 * serving the connections sharded to it (in turn, as they connect). Counts and order only: nothing
 * here depends on how fast a thread runs.
 */
class DeliveryThreadsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final int EVENTS = 300;

  private final InMemoryStore store = new InMemoryStore();
  private final InMemoryUploadRepository uploads = new InMemoryUploadRepository(store);
  private final InMemorySubscriptionRepository subscriptions =
      new InMemorySubscriptionRepository(store);
  private FanOutEngine engine;

  @AfterEach
  void stop() {
    engine.close();
  }

  private void start(int deliveryThreads) {
    engine =
        new FanOutEngine(
            FanOutSettings.DEFAULT
                .withQueueLimits(10_000, 64 << 20)
                .withDeliveryThreads(deliveryThreads),
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            Clock.systemUTC());
  }

  private UploadId upload(String id, String... subscribers) {
    var uploadId = new UploadId(id);
    uploads.register(new UploadRegistration(uploadId, new UserId("owner")), T0);
    for (String subscriber : subscribers) {
      subscriptions.add(new Subscription(new UserId(subscriber), uploadId, T0), 100, T0);
    }
    return uploadId;
  }

  // Connections are sharded in the order they connect: with two threads, the first connection
  // goes to one and the second to the other.
  private <G extends RecordingSocket> G connect(G socket) {
    engine.connect(
        Caller.user(socket.userId()),
        socket,
        "{\"action\":\"auth_success\"}",
        ClientCapabilities.LATEST_ON_SUBSCRIBE);
    socket.passGreeting();
    return socket;
  }

  private static ProgressEvent log(UploadId upload, int n) {
    return ProgressEvent.of(
        new EventChannel.Upload("upload:", upload),
        "upload_log",
        null,
        null,
        "{\"upload\":\"" + upload + "\",\"n\":" + n + "}",
        Instant.now(),
        System.nanoTime());
  }

  private static List<String> logs(UploadId upload, int count) {
    List<String> payloads = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      payloads.add(log(upload, n).payload());
    }
    return payloads;
  }

  // The events relayed from a thread of their own, as the Redis listener would; the latch counts
  // down when the last relay returned.
  private CountDownLatch relayFromAListenerThread(UploadId upload) {
    var relayed = new CountDownLatch(1);
    var listener =
        new Thread(
            () -> {
              for (int n = 0; n < EVENTS; n++) {
                engine.relay(log(upload, n));
              }
              relayed.countDown();
            },
            "test-listener");
    listener.setDaemon(true);
    listener.start();
    return relayed;
  }

  @Test
  void socketWritesNeverRunOnTheThreadThatRelays() {
    start(2);
    UploadId id = upload("u-1", "alice", "bob");
    var alice = connect(RecordingSocket.reading("alice"));
    var bob = connect(RecordingSocket.reading("bob"));

    for (int n = 0; n < EVENTS; n++) {
      engine.relay(log(id, n));
    }

    await().until(() -> alice.written().size() == EVENTS && bob.written().size() == EVENTS);
    List<Thread> writers = new ArrayList<>(alice.writingThreads());
    writers.addAll(bob.writingThreads());
    assertThat(writers)
        .doesNotContain(Thread.currentThread())
        .allSatisfy(thread -> assertThat(thread.getName()).startsWith("fanout-delivery-"));
    // Each connection is written by one thread only, and the two connections by different ones.
    assertThat(alice.writingThreads()).containsOnly(alice.writingThreads().get(0));
    assertThat(bob.writingThreads()).containsOnly(bob.writingThreads().get(0));
    assertThat(alice.writingThreads().get(0)).isNotSameAs(bob.writingThreads().get(0));
  }

  @Test
  void aWriteThatBlocksItsThreadDelaysNeitherTheListenerNorASocketOnAnotherShard() {
    start(2);
    UploadId id = upload("u-1", "alice", "bob");
    var blocking = connect(new BlockingGateway("alice"));
    var healthy = connect(RecordingSocket.reading("bob"));
    blocking.blockFromNow();

    CountDownLatch relayed = relayFromAListenerThread(id);

    // A write that never returns (a socket call stuck in the kernel) holds its own delivery thread
    // and nothing else: every relay returns and the other shard's socket gets every event.
    await().until(() -> relayed.getCount() == 0);
    await().until(() -> healthy.written().size() == EVENTS && blocking.blockedWrites() == 1);
    assertThat(healthy.written()).containsExactlyElementsOf(logs(id, EVENTS));
    assertThat(engine.stats().eventsRelayed()).isEqualTo(EVENTS);

    blocking.release();

    await().until(() -> blocking.written().size() == EVENTS);
    assertThat(blocking.written()).containsExactlyElementsOf(logs(id, EVENTS));
  }

  @Test
  void aReaderThatStopsReadingDoesNotDelayASocketOnItsOwnShard() {
    start(1);
    UploadId id = upload("u-1", "alice", "bob");
    var stalled = connect(RecordingSocket.stalled("alice"));
    var healthy = connect(RecordingSocket.reading("bob"));

    CountDownLatch relayed = relayFromAListenerThread(id);

    await().until(() -> relayed.getCount() == 0);
    await().until(() -> healthy.written().size() == EVENTS);
    assertThat(healthy.written()).containsExactlyElementsOf(logs(id, EVENTS));
    // The stalled socket has one write in flight, which its thread did not wait for; the rest
    // wait in its queue.
    assertThat(stalled.writes()).isEqualTo(2); // the greeting, then the first batch
    assertThat(stalled.maxInFlight()).isEqualTo(1);

    stalled.resume();

    await().until(() -> stalled.written().size() == EVENTS);
    assertThat(stalled.written()).containsExactlyElementsOf(logs(id, EVENTS));
  }

  @Test
  void framesWaitingForABusySocketLeaveInOneGatheredWriteInEachUploadsOrder() {
    start(1);
    UploadId a = upload("u-a", "alice");
    UploadId b = upload("u-b", "alice");
    var socket = connect(RecordingSocket.stalled("alice"));
    engine.relay(log(a, 0));
    socket.awaitWrites(2); // in flight: the rest queues behind it
    List<String> published = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      engine.relay(log(a, n));
      engine.relay(log(b, n));
      published.add(log(a, n).payload());
      published.add(log(b, n).payload());
    }

    socket.completeNext();
    socket.completeNext();

    assertThat(socket.batches()).hasSize(3);
    // Order holds per upload; across uploads it may not: u-b's first event can wait for its route
    // to load while u-a's keep coming.
    List<String> gathered = socket.batches().get(2);
    assertThat(gathered).containsExactlyInAnyOrderElementsOf(published);
    assertThat(gathered.stream().filter(frame -> frame.contains("u-a")).toList())
        .containsExactlyElementsOf(
            published.stream().filter(frame -> frame.contains("u-a")).toList());
    assertThat(gathered.stream().filter(frame -> frame.contains("u-b")).toList())
        .containsExactlyElementsOf(
            published.stream().filter(frame -> frame.contains("u-b")).toList());
    assertThat(engine.stats().socketWrites()).isEqualTo(3);
  }

  /** A socket whose writes, once told to, block the calling thread until released. */
  private static final class BlockingGateway extends RecordingSocket {
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger blocked = new AtomicInteger();
    private volatile boolean blocking;

    BlockingGateway(String user) {
      super(user, false);
    }

    void blockFromNow() {
      blocking = true;
    }

    void release() {
      released.countDown();
    }

    int blockedWrites() {
      return blocked.get();
    }

    @Override
    public void write(FrameBatch frames, WriteCallback callback) {
      if (blocking && released.getCount() > 0) {
        blocked.incrementAndGet();
        try {
          if (!released.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the write");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.write(frames, callback);
    }
  }
}
