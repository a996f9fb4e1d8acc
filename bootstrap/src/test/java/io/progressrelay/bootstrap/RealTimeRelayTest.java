package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.domain.Role;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis → fan-out → WebSocket end to end: the relay wired to real PostgreSQL and Redis, driven by a
 * real publisher and real WebSocket clients.
 */
class RealTimeRelayTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static RelayUnderTest relay;
  private static RedisPublisher redis;
  private static String worker;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("RealTimeRelayTest", Map.of());
    redis = relay.publisher();
    worker = relay.tokenFor("worker", Role.SERVICE);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  /** A new upload id owned by {@code owner}, registered through the REST API. */
  private static String uploadOf(String owner) {
    String id = "rt-" + IDS.incrementAndGet();
    assertThat(
            relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"" + owner + "\"}").status())
        .isEqualTo(201);
    return id;
  }

  private static void subscribeOverSocket(TestSocket socket, String uploadId) {
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + uploadId + "\"}");
    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + uploadId + "\"}");
  }

  @Test
  void everyFixtureArrivesByteForByteOnItsChannel() {
    String user = "fixture-user";
    String upload = uploadOf(user);
    TestSocket socket = relay.socketFor(user);
    subscribeOverSocket(socket, upload);

    List<String> payloads = VuemanticsFixtures.everyEventPayload();
    for (String payload : payloads) {
      if (payload.contains("\"batch_progress\"") || payload.contains("\"file_progress\"")) {
        redis.publishUser(user, payload);
      } else {
        redis.publishUpload(upload, payload);
      }
      assertThat(socket.nextFrame()).isEqualTo(payload);
    }
    socket.close();
  }

  @Test
  void aStrangerIsRefusedAndReceivesNothingOfTheUpload() {
    String upload = uploadOf("owner-1");
    TestSocket stranger = relay.socketFor("stranger-1");

    stranger.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(stranger.nextJson().path("code").asText()).isEqualTo("not_found");
    redis.publishUpload(upload, "{\"action\":\"upload_progress\",\"secret\":true}");
    redis.publishUser("stranger-1", "{\"action\":\"sentinel\"}");

    assertThat(stranger.nextFrame()).isEqualTo("{\"action\":\"sentinel\"}");
    assertThat(stranger.isOpen()).isTrue();
    stranger.close();
  }

  @Test
  void aLateV2SubscriberReceivesSubscribedThenTheLatestStateIncludingAnEndAlreadyPublished() {
    String upload = uploadOf("late-owner");
    String completed = "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}";
    long relayed = relay.application().engine().stats().eventsRelayed();
    redis.publishUpload(upload, "{\"action\":\"upload_progress\",\"p\":90}");
    redis.publishUpload(upload, completed);
    await().until(() -> relay.application().engine().stats().eventsRelayed() >= relayed + 2);
    TestSocket socket = relay.v2SocketFor("late-owner");

    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");

    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).isEqualTo(completed);
    socket.close();
  }

  @Test
  void aLateOldProtocolSubscriberReceivesOnlyWhatIsPublishedAfterwards() {
    String upload = uploadOf("late-old-owner");
    String completed = "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}";
    long relayed = relay.application().engine().stats().eventsRelayed();
    redis.publishUpload(upload, completed);
    await().until(() -> relay.application().engine().stats().eventsRelayed() >= relayed + 1);
    TestSocket socket = relay.socketFor("late-old-owner");

    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}");
    redis.publishUpload(upload, "{\"action\":\"upload_progress\",\"p\":0}");

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"upload_progress\",\"p\":0}");
    socket.close();
  }

  @Test
  void aRestSubscriptionReachesTheUsersSocketsAndSurvivesAReconnect() {
    String upload = uploadOf("rest-user");
    String token = relay.tokenFor("rest-user");
    TestSocket first =
        TestSocket.open(URI.create(relay.webSocketUri() + "?token=" + token), Map.of());
    assertThat(first.nextFrame()).contains("auth_success");

    assertThat(relay.api.post("/api/uploads/" + upload + "/subscription", token).status())
        .isEqualTo(201);
    redis.publishUpload(upload, "{\"action\":\"upload_progress\",\"n\":1}");
    assertThat(first.nextFrame()).isEqualTo("{\"action\":\"upload_progress\",\"n\":1}");
    first.close();

    TestSocket again = relay.socketFor("rest-user");
    redis.publishUpload(upload, "{\"action\":\"upload_progress\",\"n\":2}");
    assertThat(again.nextFrame()).isEqualTo("{\"action\":\"upload_progress\",\"n\":2}");
    again.close();
  }

  @Test
  void eachUploadsEventsArriveInPublishOrderUnderConcurrentPublishing() throws Exception {
    String user = "order-user";
    String token = relay.tokenFor(user);
    List<String> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String upload = uploadOf(user);
      relay.api.post("/api/uploads/" + upload + "/subscription", token);
      uploads.add(upload);
    }
    TestSocket socket = relay.socketFor(user);
    int perUpload = 250;
    List<Thread> publishers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      List<String> mine = uploads.subList(t * 2, t * 2 + 2);
      var publisher =
          new Thread(
              () -> {
                try (var own = relay.publisher()) {
                  for (int n = 0; n < perUpload; n++) {
                    for (String upload : mine) {
                      own.publishUpload(
                          upload,
                          "{\"action\":\"upload_log\",\"u\":\"" + upload + "\",\"n\":" + n + "}");
                    }
                  }
                }
              });
      publisher.start();
      publishers.add(publisher);
    }
    for (Thread publisher : publishers) {
      publisher.join();
    }

    Map<String, Integer> next = new HashMap<>();
    for (int i = 0; i < uploads.size() * perUpload; i++) {
      var frame = socket.nextJson();
      String upload = frame.path("u").asText();
      int expected = next.getOrDefault(upload, 0);
      assertThat(frame.path("n").asInt()).as("next event of " + upload).isEqualTo(expected);
      next.put(upload, expected + 1);
    }
    assertThat(next)
        .hasSize(uploads.size())
        .allSatisfy((upload, count) -> assertThat(count).isEqualTo(perUpload));
    socket.close();
  }

  @Test
  void aSocketThatStopsReadingEndsWith4008WhileOthersGetEveryEventPromptly() {
    String upload = uploadOf("healthy");
    relay.api.post(
        "/api/uploads/" + upload + "/grants",
        relay.tokenFor("healthy"),
        "{\"userId\":\"stalled\"}");
    TestSocket healthy = relay.socketFor("healthy");
    TestSocket stalled = relay.socketFor("stalled");
    subscribeOverSocket(healthy, upload);
    subscribeOverSocket(stalled, upload);
    stalled.stopReading();

    // A busy upload: 4 KB events at 2,000/s, paced as a worker would publish them, enough to
    // fill the loopback TCP buffers as well as the stalled socket's 1 MiB queue.
    String padding = "x".repeat(4000);
    int events = 8000;
    long start = System.nanoTime();
    for (int n = 0; n < events; n++) {
      redis.publishUpload(
          upload, "{\"action\":\"upload_log\",\"n\":" + n + ",\"pad\":\"" + padding + "\"}");
      LockSupport.parkNanos(start + (n + 1) * 500_000L - System.nanoTime());
    }

    for (int n = 0; n < events; n++) {
      assertThat(healthy.nextJson().path("n").asInt()).isEqualTo(n);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                relay.application().engine().connections().stream()
                    .noneMatch(c -> c.userId().value().equals("stalled")));
    assertThat(relay.application().engine().stats().slowConsumersClosed()).isPositive();
    // The close frame waits behind what the stalled reader never read.
    stalled.resumeReading();
    assertThat(stalled.awaitClose(Duration.ofSeconds(20)).code()).isEqualTo(4008);
    healthy.close();
  }

  @Test
  void malformedRedisMessagesAreDroppedAndLaterOnesStillFlow() {
    String user = "malformed-user";
    TestSocket socket = relay.socketFor(user);

    redis.publishUser(user, "not json at all");
    redis.publishUser(user, "{\"no\":\"action\"}");
    redis.publishUser(user, "{\"action\":42}");
    redis.publishUser(user, "{\"action\":\"x\"} trailing");
    redis.publishUser(user, "{\"action\":\"still_here\"}");

    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"still_here\"}");
    socket.close();
  }

  @Test
  void progressCoalescesBehindAStalledReaderButItsEndStillArrives() {
    String upload = uploadOf("coalesce-user");
    TestSocket socket = relay.socketFor("coalesce-user");
    subscribeOverSocket(socket, upload);
    socket.stopReading();

    String padding = "p".repeat(2000);
    for (int n = 0; n < 20_000; n++) {
      redis.publishUpload(
          upload, "{\"action\":\"upload_progress\",\"n\":" + n + ",\"pad\":\"" + padding + "\"}");
    }
    String completed = "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}";
    redis.publishUpload(upload, completed);
    await().until(() -> relay.application().engine().stats().framesCoalesced() > 0);
    socket.resumeReading();

    String frame;
    int received = 0;
    do {
      frame = socket.nextFrame();
      received++;
    } while (!frame.equals(completed));
    assertThat(received).isLessThan(20_001);
    assertThat(socket.isOpen()).isTrue();
    socket.close();
  }
}
