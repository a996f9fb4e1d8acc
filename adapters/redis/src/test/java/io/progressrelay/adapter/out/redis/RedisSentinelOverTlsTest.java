package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sentinel, master and replica speaking TLS only, with the test's own authority: the relay's
 * connections find the master and follow a failover over TLS, Sentinel's links included.
 */
class RedisSentinelOverTlsTest {
  private TestCertificates certificates;
  private SentinelGroup group;

  @BeforeEach
  void start() {
    certificates = TestCertificates.create();
    group = SentinelGroup.startWithTls(certificates);
  }

  @AfterEach
  void stop() {
    group.close();
    certificates.close();
  }

  @Test
  void connectionsAndPoolsFollowAFailoverOverTls() {
    RedisSettings settings = group.settings();
    try (UnifiedJedis pool = RedisPools.open(settings, "sentinel-tls-test");
        Jedis subscriber = settings.connectFollowingFailover("sentinel-tls-subscriber")) {
      pool.set("sentinel-tls:before", "1");
      assertThat(subscriber.ping()).isEqualTo("PONG");

      HostAndPort newMaster = group.failOver();

      await("the long-lived connection is closed, so its user reconnects")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !subscriber.isConnected());
      await("writes reach the new master")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                pool.set("sentinel-tls:after", "2");
                try (Jedis jedis = group.connectTo(newMaster)) {
                  return "2".equals(jedis.get("sentinel-tls:after"));
                }
              });
      try (Jedis again = settings.connectFollowingFailover("sentinel-tls-subscriber")) {
        assertThat(again.info("server")).contains("tcp_port:" + newMaster.getPort());
      }
    }
  }
}
