package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.SentinelGroup;
import io.progressrelay.domain.Role;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * In streams mode behind Sentinel (servers of the test's own), the stream reader moves to the new
 * master after a {@code SENTINEL FAILOVER} and goes on after the last entry it read: an entry
 * appended on the new master reaches the socket, and none is read twice.
 */
class SentinelFailoverInStreamsModeTest {
  private final String stream = "t" + System.nanoTime() + ":events";
  private SentinelGroup group;
  private RelayUnderTest relay;

  @BeforeEach
  void start() {
    group = SentinelGroup.start();
    relay =
        RelayUnderTest.onRedis(
            "SentinelFailoverInStreamsModeTest",
            URI.create("redis://" + SentinelGroup.MASTER_NAME),
            Map.of(
                "RELAY_INGEST",
                "streams",
                "RELAY_STREAM_KEY",
                stream,
                "RELAY_REDIS_SENTINELS",
                group.sentinelList(),
                "RELAY_REDIS_SENTINEL_MASTER",
                SentinelGroup.MASTER_NAME));
    await().atMost(Duration.ofSeconds(30)).until(relay.application()::listening);
  }

  @AfterEach
  void stop() {
    relay.close();
    group.close();
  }

  @Test
  void theReaderGoesOnOnTheNewMasterAfterTheLastEntryItRead() {
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/st-1", worker, "{\"ownerId\":\"sue\"}").status())
        .isEqualTo(201);
    TestSocket socket = relay.socketFor("sue");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"st-1\"}");
    assertThat(socket.nextFrame()).contains("subscribed");
    append(group.master(), "{\"action\":\"before\"}");
    assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"before\"}");

    HostAndPort newMaster = group.failOver();

    await("the stream reader reads from the new master")
        .atMost(Duration.ofSeconds(10))
        .until(() -> relay.application().listening() && readerIsOn(newMaster));
    append(newMaster, "{\"action\":\"after\"}");
    assertThat(socket.nextFrame())
        .as("the entry before the failover is not read again")
        .isEqualTo("{\"action\":\"after\"}");
    socket.close();
  }

  private void append(HostAndPort server, String data) {
    try (Jedis jedis = group.connectTo(server)) {
      jedis.xadd(
          stream,
          StreamEntryID.NEW_ENTRY,
          Map.of(
              "channel",
              relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + "st-1",
              "data",
              data));
    }
  }

  private boolean readerIsOn(HostAndPort server) {
    try (Jedis jedis = group.connectTo(server)) {
      return jedis.clientList().contains("name=progress-relay-stream-");
    }
  }
}
