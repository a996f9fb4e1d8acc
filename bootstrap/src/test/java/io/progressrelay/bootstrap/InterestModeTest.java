package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.RedisChannelInterest;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.bootstrap.backends.RedisEvents;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Two instances in interest mode ({@code RELAY_REDIS_SUBSCRIPTIONS=interest}) on one database and
 * one Redis: each subscribes only to the channels its own sockets need, checked with {@code PUBSUB
 * NUMSUB} on the test's unique channel names and with the listener's counters.
 */
class InterestModeTest {
  private static final Logger LOG = LoggerFactory.getLogger(InterestModeTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  // The auth timeout leaves the burst test time to open its sockets before authenticating them.
  private static final Map<String, String> INTEREST =
      Map.of(
          "RELAY_REDIS_SUBSCRIPTIONS", "interest",
          "RELAY_REDIS_INTEREST_LINGER", "50ms",
          "RELAY_WS_AUTH_TIMEOUT", "2m");

  static RelayUnderTest first;
  static RelayUnderTest second;
  static RedisPublisher redis;
  static String worker;

  @BeforeAll
  static void startTwoInstances(TestInfo test) {
    first = new RelayUnderTest(test.getTestClass().orElseThrow().getSimpleName(), INTEREST);
    second = first.secondInstance(INTEREST);
    redis = first.publisher();
    await().atMost(Duration.ofSeconds(10)).until(first.application()::listening);
    await().atMost(Duration.ofSeconds(10)).until(second.application()::listening);
    worker = first.tokenFor("worker", Role.SERVICE);
  }

  @AfterAll
  static void stopTwoInstances() {
    redis.close();
    second.close();
    first.close();
  }

  private static RedisProgressListener listenerOf(RelayUnderTest relay) {
    return ((RedisEvents) relay.application().events()).listener();
  }

  private static RedisChannelInterest interestOf(RelayUnderTest relay) {
    return listenerOf(relay).interest().orElseThrow();
  }

  private static long subscribers(String channel) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  private static void register(String upload, String owner) {
    assertThat(
            first
                .api
                .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + owner + "\"}")
                .status())
        .isIn(200, 201);
  }

  private static void bulkRegister(List<String> uploads, String owner) {
    String body =
        uploads.stream()
            .map(id -> "{\"uploadId\":\"" + id + "\",\"ownerId\":\"" + owner + "\"}")
            .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    assertThat(first.api.post("/api/uploads/bulk", worker, body).status()).isEqualTo(200);
  }

  private static void subscribeOver(RelayUnderTest relay, String user, String upload) {
    assertThat(
            relay
                .api
                .post("/api/uploads/" + upload + "/subscription", relay.tokenFor(user))
                .status())
        .isEqualTo(201);
  }

  @Test
  void aSocketOnTheSecondInstanceMakesOnlyItSubscribeAndTheLastOneLeavingUnsubscribes() {
    register("int-1", "alice");
    subscribeOver(first, "alice", "int-1");
    String upload = first.channels().upload("int-1");
    String user = first.channels().user("alice");
    assertThat(subscribers(upload)).as("no socket of alice anywhere yet").isZero();

    TestSocket one = second.socketFor("alice");
    TestSocket two = second.socketFor("alice");

    // Subscribed before the socket was answered: no wait needed, but awaited all the same.
    await().atMost(DEADLINE).until(() -> subscribers(upload) == 1 && subscribers(user) == 1);
    one.close();
    await().atMost(DEADLINE).until(() -> second.application().engine().connections().size() == 1);
    assertThat(subscribers(upload)).as("alice still has a socket there").isEqualTo(1);
    two.close();
    await().atMost(DEADLINE).until(() -> subscribers(upload) == 0 && subscribers(user) == 0);
  }

  @Test
  void theSecondInstanceNeverReceivesEventsOfUploadsNobodyThereWatches() {
    register("int-2", "bob");
    subscribeOver(first, "bob", "int-2");
    TestSocket bob = second.socketFor("bob");
    long before = listenerOf(second).stats().received();

    for (int n = 0; n < 100; n++) {
      redis.publishUpload("int-unwatched-" + n, "{\"action\":\"upload_log\",\"n\":" + n + "}");
      redis.publishUser("somebody-" + n, "{\"action\":\"batch_progress\"}");
    }
    redis.publishUpload("int-2", "{\"action\":\"sentinel\"}");

    assertThat(bob.nextFrame()).isEqualTo("{\"action\":\"sentinel\"}");
    assertThat(listenerOf(second).stats().received() - before)
        .as("messages the second instance received: the sentinel alone")
        .isEqualTo(1);
    bob.close();
  }

  @Test
  void anEventPublishedRightAfterASubscribeIsAnsweredIsNeverLost() {
    TestSocket carol = second.v2SocketFor("carol");
    for (int round = 0; round < 30; round++) {
      String upload = "int-race-" + round;
      register(upload, "carol");
      carol.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
      assertThat(carol.nextFrame()).contains("\"subscribed\"");
      redis.publishUpload(upload, "{\"action\":\"upload_log\",\"round\":" + round + "}");
      assertThat(carol.nextJson().path("round").asInt()).as("round " + round).isEqualTo(round);
    }
    for (int round = 0; round < 30; round++) {
      String upload = "int-rest-race-" + round;
      register(upload, "carol");
      subscribeOver(second, "carol", upload);
      redis.publishUpload(upload, "{\"action\":\"upload_log\",\"round\":" + round + "}");
      assertThat(carol.nextJson().path("round").asInt()).as("REST round " + round).isEqualTo(round);
    }
    carol.close();
  }

  @Test
  void aBurstOfAThousandConnectsCostsFewSubscribeCommands() throws Exception {
    RedisChannelInterest interest = interestOf(second);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<TestSocket>> opening = new ArrayList<>();
    List<TestSocket> sockets = new ArrayList<>();
    try {
      // Open first (the slow part on a loaded machine), then authenticate all at once: the burst
      // the relay sees is a thousand users' first connections within milliseconds.
      for (int i = 0; i < 1000; i++) {
        opening.add(pool.submit(() -> TestSocket.open(second.webSocketUri(), Map.of())));
      }
      for (Future<TestSocket> socket : opening) {
        sockets.add(socket.get(60, TimeUnit.SECONDS));
      }
      long before = interest.subscribeCommands();
      long start = System.nanoTime();
      for (int i = 0; i < sockets.size(); i++) {
        sockets
            .get(i)
            .send("{\"type\":\"auth\",\"token\":\"" + second.tokenFor("burst-" + i) + "\"}");
      }
      for (TestSocket socket : sockets) {
        assertThat(socket.nextFrame()).contains("auth_success");
      }

      long commands = interest.subscribeCommands() - before;
      long spacings = (System.nanoTime() - start) / RedisChannelInterest.DEFAULT_SPACING.toNanos();
      LOG.info("1000 first connections in {} spacings: {} SUBSCRIBE commands", spacings, commands);
      // At most one command per spacing the burst lasted, plus the one each end may add.
      assertThat(commands)
          .as("SUBSCRIBE commands for 1,000 first connections")
          .isLessThanOrEqualTo(Math.min(spacings + 2, 999));
      assertThat(subscribers(first.channels().user("burst-999"))).isEqualTo(1);
      long unsubscribesBefore = interest.unsubscribeCommands();
      sockets.forEach(TestSocket::close);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> subscribers(first.channels().user("burst-999")) == 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> interest.subscribedChannels() < 10);
      long unsubscribes = interest.unsubscribeCommands() - unsubscribesBefore;
      LOG.info("and {} UNSUBSCRIBE commands once they left", unsubscribes);
      assertThat(unsubscribes).isLessThan(1000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aUserFollowingManyUploadsCostsOneCommandWhenTheirFirstSocketConnects() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add("int-many-" + i);
    }
    bulkRegister(ids, "dave");
    ids.forEach(id -> subscribeOver(first, "dave", id));
    RedisChannelInterest interest = interestOf(second);
    long before = interest.subscribeCommands();

    TestSocket dave = second.socketFor("dave");

    assertThat(interest.subscribeCommands() - before).isLessThanOrEqualTo(2);
    assertThat(subscribers(first.channels().upload("int-many-299"))).isEqualTo(1);
    redis.publishUpload("int-many-150", "{\"action\":\"upload_log\",\"n\":150}");
    assertThat(dave.nextJson().path("n").asInt()).isEqualTo(150);
    dave.close();
  }
}
