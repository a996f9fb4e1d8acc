package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.SentinelGroup;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The relay behind Sentinel, signed in on the master and the replica as an ACL user with the
 * pattern-mode rules of docs/redis.md plus {@code +role}: it relays and publishes with idempotency
 * keys before and after {@code SENTINEL FAILOVER}, and neither server's ACL LOG holds a denial for
 * that user afterwards.
 */
class NarrowAclUserWithSentinelTest {
  private static final Logger log = LoggerFactory.getLogger(NarrowAclUserWithSentinelTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String USER = "relay-sentinel";
  private static final String PASSWORD = "narrow-password";

  private SentinelGroup group;

  @BeforeEach
  void start() {
    group = SentinelGroup.start();
  }

  @AfterEach
  void stop() {
    group.close();
  }

  private static String event(int n) {
    return "{\"action\":\"upload_progress\",\"n\":" + n + "}";
  }

  @Test
  void patternModeBehindSentinelNeedsNoMoreThanTheDocumentedRulesAndRole() {
    TestChannels channels = TestChannels.unique();
    RelayAclRules rules =
        RelayAclRules.patternMode(channels).plus("pub/sub, pattern, Sentinel", "+role");
    group.setUserRules(USER, rules.forUser(PASSWORD));
    log.info("ACL rules for {}: {}", rules.mode(), rules.setUser(USER));
    URI url = URI.create("redis://" + USER + ":" + PASSWORD + "@" + SentinelGroup.MASTER_NAME);
    Map<String, String> env =
        Map.of(
            "RELAY_REDIS_SENTINELS",
            group.sentinelList(),
            "RELAY_REDIS_SENTINEL_MASTER",
            SentinelGroup.MASTER_NAME);
    try (RelayUnderTest relay = RelayUnderTest.onRedis("NarrowAclSentinel", url, channels, env)) {
      await().atMost(DEADLINE).until(relay.application()::listening);
      await().atMost(DEADLINE).until(() -> relay.api.get("/readyz", null).status() == 200);
      String worker = relay.tokenFor("worker", Role.SERVICE);
      relay.api.put("/api/uploads/acl-sentinel", worker, "{\"ownerId\":\"sam\"}");
      TestSocket sam = relay.socketFor("sam");
      sam.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"acl-sentinel\"}");
      assertThat(sam.nextFrame()).contains("subscribed");

      relaysAndPublishes(relay, worker, sam, group.master(), 1);
      HostAndPort newMaster = group.failOver();
      await("the relay subscribed on the new master")
          .atMost(DEADLINE)
          .until(() -> relay.application().listening() && listenerIsOn(newMaster));
      relaysAndPublishes(relay, worker, sam, newMaster, 3);
      sam.close();
    }
    assertThat(group.aclDenials(USER)).as("ACL LOG of both servers for " + USER).isEmpty();
  }

  private boolean listenerIsOn(HostAndPort server) {
    try (Jedis jedis = group.connectTo(server)) {
      return jedis.clientList().contains("name=progress-relay-listener-");
    }
  }

  private void relaysAndPublishes(
      RelayUnderTest relay, String worker, TestSocket sam, HostAndPort master, int n) {
    try (Jedis jedis = group.connectTo(master)) {
      jedis.publish(relay.channels().upload("acl-sentinel"), event(n));
    }
    assertThat(sam.nextFrame()).isEqualTo(event(n));
    byte[] body = event(n + 1).getBytes(UTF_8);
    String path = "/api/publish/uploads/acl-sentinel";
    String key = "acl-sentinel-" + n + "-" + relay.channels().uploadPrefix();
    var published = relay.api.post(path, worker, body, "Idempotency-Key", key);
    assertThat(published.status()).as(published.body()).isEqualTo(202);
    var retry = relay.api.post(path, worker, body, "Idempotency-Key", key);
    assertThat(retry.status()).as(retry.body()).isEqualTo(202);
    assertThat(retry.json().path("replayed").asBoolean()).as(retry.body()).isTrue();
    assertThat(sam.nextFrame()).isEqualTo(event(n + 1));
  }
}
