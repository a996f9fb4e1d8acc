package io.progressrelay.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.RelayUnderTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The suite's Server-Sent Events client against the whole relay: it authenticates, subscribes over
 * REST, counts the stamped events of its stream in order (not the latest state replayed), and a
 * stall really stops it reading, so that the relay ends the stream as a slow consumer.
 */
class SseLoadClientTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static RelayUnderTest relay;
  private static HttpClient streams;
  private static HttpClient rest;
  private static Tokens tokens;
  private static String uploadPrefix;
  private static Jedis redis;

  @BeforeAll
  static void start() throws Exception {
    relay = new RelayUnderTest("SseLoadClientTest", Map.of());
    await().atMost(LIMIT).until(relay.application()::listening);
    tokens = new Tokens(RelayUnderTest.SECRET);
    uploadPrefix = relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX");
    redis = new Jedis(TestRedis.settings().url());
    streams = started();
    rest = started();
  }

  private static HttpClient started() throws Exception {
    var http = new HttpClient();
    http.setIdleTimeout(0);
    http.start();
    return http;
  }

  @AfterAll
  static void stop() throws Exception {
    streams.stop();
    rest.stop();
    redis.close();
    relay.close();
  }

  private static URI events() {
    return URI.create("http://127.0.0.1:" + relay.application().httpPort() + "/api/events");
  }

  /** A user of its own with an upload registered to it. */
  private static String[] userWithUpload() throws Exception {
    int n = IDS.incrementAndGet();
    String user = "sse-load-" + n;
    String upload = "sse-load-up-" + n;
    new RelaySetup(relay.application().httpPort(), tokens)
        .register(new String[] {upload}, new String[] {user});
    return new String[] {user, upload};
  }

  private static LoadClient openAuthenticated(String user) throws Exception {
    LoadClient client =
        SseLoadClient.open(streams, rest, events(), tokens.user(user)).get(30, TimeUnit.SECONDS);
    client.authenticated().get(30, TimeUnit.SECONDS);
    return client;
  }

  // Payloads shaped as the suite's, stamped as upload 7; action upload_log is never coalesced.
  private static void publish(String upload, long fromSequence, int count, int bytes) {
    var pipeline = redis.pipelined();
    for (long s = fromSequence; s < fromSequence + count; s++) {
      var payload =
          new StringBuilder("{\"action\":\"upload_log\",\"payload\":{\"upload_id\":\"")
              .append(upload)
              .append("\",\"line\":\"")
              .append("x".repeat(bytes))
              .append("\"}");
      Stamp.append(payload, 7, s, System.nanoTime());
      pipeline.publish(uploadPrefix + upload, payload.toString());
    }
    pipeline.sync();
  }

  private static boolean hasLatestEvent(String upload, String owner) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + relay.application().httpPort()
                        + "/api/uploads/"
                        + upload))
            .header("Authorization", "Bearer " + tokens.user(owner))
            .build();
    String body =
        java.net.http.HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString())
            .body();
    return body.contains("\"latestEvent\":{");
  }

  @Test
  void countsEveryLiveEventOfItsStreamInOrderAndNotTheLatestStateReplayed() throws Exception {
    String[] userAndUpload = userWithUpload();
    String upload = userAndUpload[1];
    var tally = new Tally();
    publish(upload, 0, 1, 10); // the upload's latest state, before anyone follows it
    await().atMost(LIMIT).until(() -> hasLatestEvent(upload, userAndUpload[0]));
    LoadClient client = openAuthenticated(userAndUpload[0]);
    client.countInto(tally);

    client.subscribe(upload);
    client.subscriptionConfirmed().get(30, TimeUnit.SECONDS);
    publish(upload, 1, 500, 300);

    await().atMost(LIMIT).until(() -> tally.delivered() >= 500);
    assertThat(tally.delivered()).isEqualTo(500);
    assertThat(tally.reordered()).isZero();
    assertThat(((SseLoadClient) client).replays()).isEqualTo(1);
    assertThat(client.lastError()).isNull();
    client.close();
    assertThat(client.closedByServer()).isFalse();
  }

  @Test
  void aStreamRefusedByTheRelayFailsItsAuthenticationWithTheStatus() throws Exception {
    LoadClient client =
        SseLoadClient.open(streams, rest, events(), "not-a-jwt").get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> client.authenticated().get(30, TimeUnit.SECONDS))
        .hasMessageContaining("401");
    assertThat(client.lastError()).contains("401");
    assertThat(client.closedByServer()).isTrue();
  }

  @Test
  void aStalledStreamStopsReadingUntilTheRelayEndsItAndSeesTheEndOnceItReadsAgain()
      throws Exception {
    String[] userAndUpload = userWithUpload();
    String upload = userAndUpload[1];
    var tally = new Tally();
    LoadClient client = openAuthenticated(userAndUpload[0]);
    client.countInto(tally);
    client.subscribe(upload);
    client.subscriptionConfirmed().get(30, TimeUnit.SECONDS);
    int port = client.localPort();
    assertThat(port).isPositive();
    int relayPort = relay.application().httpPort();
    assertThat(ServerSideClose.closedBy(relayPort, Set.of(port))).isEmpty();

    client.stall();
    var published = new AtomicInteger();
    // 4 KB frames until the kernel's buffers and the stream's queue (1 MiB) are full.
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              publish(upload, published.getAndAdd(500), 500, 4_096);
              return ServerSideClose.closedBy(relayPort, Set.of(port)).contains(port);
            });
    assertThat(tally.delivered()).isZero();
    assertThat(client.closedByServer()).isFalse(); // it cannot see the end while it does not read

    client.resume();
    await().atMost(LIMIT).until(client::closedByServer);
    client.close();
  }
}
