package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.SentinelGroup;
import io.progressrelay.bootstrap.ApiClient.Answer;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The relay behind Sentinel (a master, a replica and a Sentinel of the test's own, never the shared
 * Redis) through a {@code SENTINEL FAILOVER}: the sockets keep their subscriptions and receive what
 * workers publish on the new master, and HTTP publishing and its idempotency keys use the new
 * master too; with pattern subscriptions and in interest mode, where the listener subscribes again
 * to each channel its sockets need.
 */
class SentinelFailoverTest {
  private SentinelGroup group;
  private RelayUnderTest relay;
  private String worker;

  @BeforeEach
  void startServers() {
    group = SentinelGroup.start();
  }

  private void startRelay(String subscriptions) {
    relay =
        RelayUnderTest.onRedis(
            "SentinelFailoverTest",
            URI.create("redis://" + SentinelGroup.MASTER_NAME),
            Map.of(
                "RELAY_REDIS_SENTINELS",
                group.sentinelList(),
                "RELAY_REDIS_SENTINEL_MASTER",
                SentinelGroup.MASTER_NAME,
                "RELAY_REDIS_SUBSCRIPTIONS",
                subscriptions));
    worker = relay.tokenFor("worker", Role.SERVICE);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
    group.close();
  }

  @Test
  void afterAFailoverSocketsKeepTheirSubscriptionsAndEverythingFollowsTheNewMaster() {
    startRelay("pattern");
    failOverUnderASubscribedSocket();
  }

  @Test
  void inInterestModeTheNewMasterGetsEveryChannelTheSocketsNeed() {
    startRelay("interest");
    failOverUnderASubscribedSocket();
  }

  private void failOverUnderASubscribedSocket() {
    String upload = "sentinel-upload";
    assertThat(relay.api.put("/api/uploads/" + upload, worker, "{\"ownerId\":\"sam\"}").status())
        .isEqualTo(201);
    TestSocket socket = relay.socketFor("sam");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    HostAndPort oldMaster = group.master();
    publishOn(oldMaster, uploadChannel(upload), "{\"action\":\"before\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"before\"}");
    Answer beforeOverHttp = publishOverHttp(upload, "{\"action\":\"http_before\"}", "key-before");
    assertThat(beforeOverHttp.status()).isEqualTo(202);
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"http_before\"}");

    HostAndPort newMaster = group.failOver();

    await("the relay subscribed on the new master")
        .atMost(Duration.ofSeconds(10))
        .until(() -> relay.application().listening() && listenerIsOn(newMaster));
    publishOn(newMaster, uploadChannel(upload), "{\"action\":\"after\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"after\"}");
    publishOn(newMaster, userChannel("sam"), "{\"action\":\"for_sam\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"for_sam\"}");

    Answer afterOverHttp = publishOverHttp(upload, "{\"action\":\"http_after\"}", "key-after");
    assertThat(afterOverHttp.status()).isEqualTo(202);
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"http_after\"}");
    Answer retried = publishOverHttp(upload, "{\"action\":\"http_after\"}", "key-after");
    assertThat(retried.json().path("replayed").asBoolean()).isTrue();
    Answer retriedFromBefore =
        publishOverHttp(upload, "{\"action\":\"http_before\"}", "key-before");
    assertThat(retriedFromBefore.json().path("replayed").asBoolean())
        .as("the key written before the failover was replicated and is read on the new master")
        .isTrue();
    assertThat(relay.api.get("/readyz", null).status()).isEqualTo(200);
    socket.close();
  }

  private Answer publishOverHttp(String upload, String event, String key) {
    return relay.api.post(
        "/api/publish/uploads/" + upload, worker, event.getBytes(UTF_8), "Idempotency-Key", key);
  }

  private String uploadChannel(String upload) {
    return relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + upload;
  }

  private String userChannel(String user) {
    return relay.redisEnvironment().get("RELAY_REDIS_USER_PREFIX") + user;
  }

  private void publishOn(HostAndPort server, String channel, String message) {
    try (Jedis jedis = group.connectTo(server)) {
      jedis.publish(channel, message);
    }
  }

  private boolean listenerIsOn(HostAndPort server) {
    try (Jedis jedis = group.connectTo(server)) {
      return jedis.clientList().contains("name=progress-relay-listener-");
    }
  }
}
