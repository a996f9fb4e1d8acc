package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.testing.LocalServerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster settings: seed lists parsed, and cluster clients built while no node answers (a
 * client that recovers once one does is in bootstrap's {@code ClusterOverTlsTest}).
 */
class RedisClusterSettingsTest {

  @Test
  void aClusterClientIsBuiltWhileNoSeedAnswersAndItsCommandsFailUntilOneDoes() {
    var nowhere = new HostAndPort("127.0.0.1", LocalServerProcess.freePort());
    var settings =
        new RedisClusterSettings(
            new RedisSettings(URI.create("redis://" + nowhere), Duration.ofSeconds(1)),
            List.of(nowhere));

    try (JedisCluster client = settings.open("test-client")) {
      assertThatThrownBy(() -> client.spublish("channel", "message"))
          .isInstanceOf(JedisException.class);
    }
  }

  @Test
  void seedsAreHostAndPortPairs() {
    assertThat(RedisClusterSettings.parseNodes("10.0.0.5:7000, redis-2:7001"))
        .containsExactly(new HostAndPort("10.0.0.5", 7000), new HostAndPort("redis-2", 7001));
    assertThatThrownBy(() -> RedisClusterSettings.parseNodes("10.0.0.5"))
        .hasMessageContaining("not host:port");
  }
}
