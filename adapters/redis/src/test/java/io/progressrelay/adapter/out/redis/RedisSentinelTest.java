package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Connections through Sentinel reach the master it names, and pools move to the new master after a
 * failover: on servers of the test's own, never the shared one.
 */
class RedisSentinelTest {
  private static SentinelGroup group;

  @BeforeAll
  static void start() {
    group = SentinelGroup.start();
  }

  @AfterAll
  static void stop() {
    group.close();
  }

  @Test
  void aConnectionReachesTheMasterSentinelNames() {
    try (Jedis jedis = group.settings().connect("sentinel-test")) {
      assertThat(jedis.role().get(0)).isEqualTo("master");
      assertThat(jedis.info("server")).contains("tcp_port:" + group.master().getPort());
    }
    assertThat(group.settings().describe())
        .isEqualTo("master " + SentinelGroup.MASTER_NAME + " via Sentinel " + group.sentinelList());
  }

  @Test
  void aMasterNoSentinelMonitorsIsNamedInTheError() {
    var sentinels = group.settings().sentinels().orElseThrow();
    var unknown =
        group
            .settings()
            .withSentinels(
                new RedisSentinels(
                    "no-such-master", sentinels.addresses(), sentinels.connection()));

    assertThatThrownBy(() -> unknown.connect().close())
        .isInstanceOf(JedisConnectionException.class)
        .hasMessageContaining("no-such-master");
    assertThat(new RedisReadinessCheck(unknown).check().ready()).isFalse();
  }

  @Test
  void poolsStartWhileNoSentinelAnswersAndFailOnlyWhenUsed() {
    var nowhere =
        new RedisSettings(URI.create("redis://m"), Duration.ofMillis(300))
            .withSentinels(
                new RedisSentinels(
                    "m",
                    List.of(new HostAndPort("127.0.0.1", 1)),
                    RedisConnectionSettings.plain(Duration.ofMillis(300))));

    try (UnifiedJedis pool = RedisPools.open(nowhere, "sentinel-test")) {
      assertThatThrownBy(() -> pool.get("k"))
          .isInstanceOf(JedisConnectionException.class)
          .hasMessageContaining("All sentinels down");
    }
  }

  @Test
  void aPoolWritesToTheNewMasterAfterAFailover() {
    try (UnifiedJedis pool = RedisPools.open(group.settings(), "sentinel-test")) {
      pool.set("sentinel-test:before", "1");

      HostAndPort newMaster = group.failOver();

      await("writes reach the new master")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                pool.set("sentinel-test:after", "2");
                try (Jedis jedis = group.connectTo(newMaster)) {
                  return "2".equals(jedis.get("sentinel-test:after"));
                }
              });
      assertThat(pool.get("sentinel-test:before"))
          .as("replicated before the failover")
          .isEqualTo("1");
    }
  }
}
