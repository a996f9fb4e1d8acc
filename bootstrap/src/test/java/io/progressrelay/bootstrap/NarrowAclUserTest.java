package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.RedisIdempotencyStore;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * The relay on a Redis of the test's own, signed in as an ACL user with exactly the rules
 * docs/redis.md lists for its mode ({@link RelayAclRules}): two instances become ready, relay
 * events, learn of each other's subscriptions and publish over HTTP with idempotency keys, and the
 * server's ACL LOG holds no denial for that user afterwards.
 */
class NarrowAclUserTest {
  private static final Logger log = LoggerFactory.getLogger(NarrowAclUserTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String PASSWORD = "narrow-password";

  private static ThrowawayRedis server;

  @BeforeAll
  static void start() {
    server = ThrowawayRedis.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void patternModeNeedsNoMoreThanTheDocumentedRules() {
    TestChannels channels = TestChannels.unique();
    runAs("relay-pattern", RelayAclRules.patternMode(channels), channels, Map.of(), Ingest.PATTERN);
  }

  @Test
  void interestModeNeedsNoMoreThanTheDocumentedRules() {
    TestChannels channels = TestChannels.unique();
    runAs(
        "relay-interest",
        RelayAclRules.interestMode(channels),
        channels,
        Map.of("RELAY_REDIS_SUBSCRIPTIONS", "interest"),
        Ingest.INTEREST);
  }

  @Test
  void streamsModeNeedsNoMoreThanTheDocumentedRules() {
    TestChannels channels = TestChannels.unique();
    String stream = channels.controlChannel() + ":events";
    runAs(
        "relay-streams",
        RelayAclRules.streamsMode(stream),
        channels,
        // With batches of one entry every batch is full, so the reader also checks, as one fallen
        // behind does, that retention trimmed nothing it had not read (XRANGE; at most every 5 s).
        Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", stream, "RELAY_STREAM_BATCH", "1"),
        Ingest.streams(stream));
  }

  /** How a worker hands the relay an event, and how a test knows an instance listens for it. */
  private record Ingest(boolean perChannel, String stream) {
    static final Ingest PATTERN = new Ingest(false, null);
    static final Ingest INTEREST = new Ingest(true, null);

    static Ingest streams(String stream) {
      return new Ingest(false, stream);
    }

    /**
     * In streams mode, feeds the reader entries until it has checked for trimmed entries (an XRANGE
     * in the server's command statistics: no other client here sends one).
     */
    void awaitTrimCheck(Jedis worker, String channel) {
      if (stream != null) {
        await("the stream reader's check for trimmed entries")
            .atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  publish(worker, channel, "{\"action\":\"upload_log\"}");
                  return worker.info("commandstats").contains("cmdstat_xrange:");
                });
      }
    }

    void publish(Jedis worker, String channel, String json) {
      if (stream == null) {
        worker.publish(channel, json);
      } else {
        worker.xadd(stream, XAddParams.xAddParams(), Map.of("channel", channel, "data", json));
      }
    }
  }

  private void runAs(
      String user,
      RelayAclRules rules,
      TestChannels channels,
      Map<String, String> env,
      Ingest ingest) {
    server.setUserRules(user, rules.forUser(PASSWORD));
    log.info("ACL rules for {}: {}", rules.mode(), rules.setUser(user));
    URI url = URI.create(server.url().toString().replace("//", "//" + user + ":" + PASSWORD + "@"));
    try (RelayUnderTest first = RelayUnderTest.onRedis("NarrowAcl-" + user, url, channels, env);
        RelayUnderTest second = first.secondInstance(env);
        Jedis worker = new Jedis(server.url())) {
      await().atMost(DEADLINE).until(first.application()::listening);
      await().atMost(DEADLINE).until(second.application()::listening);
      await().atMost(DEADLINE).until(() -> first.api.get("/readyz", null).status() == 200);
      await().atMost(DEADLINE).until(() -> second.api.get("/readyz", null).status() == 200);

      eventsReachSockets(first, worker, ingest);
      aSubscriptionThroughOneInstanceReachesTheOther(first, second, worker, ingest);
      publishingOverHttpAnswersARetryFromItsKey(first, worker);
      aClaimedKeyIsReleased(url);
      ingest.awaitTrimCheck(worker, channels.upload("acl-unwatched"));
    }
    assertThat(server.aclDenials(user)).as("ACL LOG for " + user).isEmpty();
  }

  private static String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"upload\":\"" + upload + "\",\"n\":" + n + "}";
  }

  private void eventsReachSockets(RelayUnderTest relay, Jedis worker, Ingest ingest) {
    String token = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/acl-1", token, "{\"ownerId\":\"alice\"}");
    TestSocket alice = relay.socketFor("alice");
    alice.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"acl-1\"}");
    assertThat(alice.nextFrame()).contains("subscribed");

    ingest.publish(worker, relay.channels().upload("acl-1"), event("acl-1", 1));
    assertThat(alice.nextFrame()).isEqualTo(event("acl-1", 1));

    // The user channel, through the publish API.
    awaitSubscribed(worker, ingest, relay.channels().user("alice"));
    var toUser = relay.api.post("/api/publish/users/alice", token, "{\"action\":\"to_alice\"}");
    assertThat(toUser.status()).as(toUser.body()).isEqualTo(202);
    assertThat(alice.nextFrame()).isEqualTo("{\"action\":\"to_alice\"}");
    alice.close();
  }

  private void aSubscriptionThroughOneInstanceReachesTheOther(
      RelayUnderTest first, RelayUnderTest second, Jedis worker, Ingest ingest) {
    String token = first.tokenFor("worker", Role.SERVICE);
    first.api.put("/api/uploads/acl-across", token, "{\"ownerId\":\"carol\"}");
    String channel = first.channels().upload("acl-across");
    TestSocket carol = second.v2SocketFor("carol");
    Consumer<Integer> publish = n -> ingest.publish(worker, channel, event("acl-across", n));
    if (!ingest.perChannel()) {
      // Every instance hears every event: warm the second's route first, so that only the
      // control channel (or the stream's control entries) can tell it of the subscription.
      long before = second.application().engine().stats().eventsRelayed();
      publish.accept(0);
      await()
          .atMost(DEADLINE)
          .until(() -> second.application().engine().stats().eventsRelayed() > before);
    }

    var subscribed =
        first.api.post("/api/uploads/acl-across/subscription", first.tokenFor("carol"));
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

    if (ingest.perChannel()) {
      // The second instance subscribes the channel once the control channel told it.
      await().atMost(DEADLINE).until(() -> subscribers(worker, channel) == 1);
    } else {
      // The v2 socket gets the latest state as the second instance learns of the subscription.
      assertThat(carol.nextFrame()).contains("\"n\":0");
    }
    publish.accept(1);
    assertThat(carol.nextJson().path("n").asInt()).isEqualTo(1);
    carol.close();
  }

  private void publishingOverHttpAnswersARetryFromItsKey(RelayUnderTest relay, Jedis worker) {
    String token = relay.tokenFor("worker", Role.SERVICE);
    relay.api.put("/api/uploads/acl-http", token, "{\"ownerId\":\"dave\"}");
    TestSocket dave = relay.socketFor("dave");
    dave.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"acl-http\"}");
    assertThat(dave.nextFrame()).contains("subscribed");
    String key = "acl-key-" + relay.channels().uploadPrefix();
    byte[] body = event("acl-http", 1).getBytes(UTF_8);

    var published =
        relay.api.post("/api/publish/uploads/acl-http", token, body, "Idempotency-Key", key);
    var retry =
        relay.api.post("/api/publish/uploads/acl-http", token, body, "Idempotency-Key", key);

    assertThat(published.status()).as(published.body()).isEqualTo(202);
    assertThat(published.json().path("replayed").asBoolean()).isFalse();
    assertThat(retry.status()).as(retry.body()).isEqualTo(202);
    assertThat(retry.json().path("replayed").asBoolean()).as(retry.body()).isTrue();
    assertThat(dave.nextFrame()).isEqualTo(event("acl-http", 1));
    // The retry published nothing: the next frame is the marker.
    relay.api.post("/api/publish/uploads/acl-http", token, event("acl-http", 2));
    assertThat(dave.nextFrame()).isEqualTo(event("acl-http", 2));
    dave.close();
  }

  /**
   * The relay releases a claimed key when publishing fails (a script that GETs and DELs); no test
   * here makes publishing fail, so the store does it itself, as the relay's user.
   */
  private void aClaimedKeyIsReleased(URI url) {
    try (var keys =
        new RedisIdempotencyStore(
            new RedisSettings(url, Duration.ofSeconds(5)), RedisIdempotencyStore.DEFAULT_PREFIX)) {
      String key = "acl-release-" + url.getUserInfo().split(":")[0] + System.nanoTime();
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isEmpty();
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isPresent();
      keys.release(key, "fingerprint");
      assertThat(keys.claim(key, "fingerprint", Duration.ofMinutes(1))).isEmpty();
      keys.release(key, "fingerprint");
    }
  }

  private static void awaitSubscribed(Jedis worker, Ingest ingest, String channel) {
    if (ingest.perChannel()) {
      await().atMost(DEADLINE).until(() -> subscribers(worker, channel) >= 1);
    }
  }

  private static long subscribers(Jedis worker, String channel) {
    return worker.pubsubNumSub(channel).getOrDefault(channel, 0L);
  }
}
