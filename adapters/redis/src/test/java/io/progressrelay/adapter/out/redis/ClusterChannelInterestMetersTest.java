package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * The cluster's interest meters without a cluster: channels wanted on masters' shards (no
 * connection, so nothing is confirmed), summed and per master, the control channel and its copies
 * not counted.
 */
class ClusterChannelInterestMetersTest {
  private static final HostAndPort FIRST = new HostAndPort("10.0.0.1", 7000);
  private static final HostAndPort SECOND = new HostAndPort("10.0.0.2", 7000);

  private final ClusterChannelInterest interest =
      new ClusterChannelInterest("t:upload:", "t:user:", "t:control");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ClusterChannelInterestMeters meters = new ClusterChannelInterestMeters(interest);

  @AfterEach
  void close() {
    interest.close();
    registry.close();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void wantedChannelsAreSummedOverMastersWithoutTheControlChannelAndItsCopies() {
    interest.shard(FIRST).addChannels(List.of("t:control", "t:upload:a", "t:user:alice"));
    meters.bindTo(registry);

    interest.shard(SECOND).addChannels(List.of("t:control{7}", "t:upload:b"));

    assertThat(gauge("relay.redis.wanted.channels")).isEqualTo(3);
    assertThat(gauge("relay.redis.subscribed.channels")).isZero(); // nothing confirmed
    assertThat(gauge("relay.redis.master.wanted.channels", "master", "10.0.0.1:7000")).isEqualTo(2);
    assertThat(
            registry
                .find("relay.redis.master.wanted.channels")
                .tag("master", "10.0.0.2:7000")
                .gauge())
        .isNull(); // bound before the next scrape
  }

  @Test
  void aMasterMetLaterGetsItsMetersOnceAndTheyFollowItsChannels() {
    meters.bindTo(registry);
    interest.shard(SECOND).addChannels(List.of("t:upload:b", "t:upload:c"));

    meters.bindNewMasters();
    meters.bindNewMasters();
    interest.shard(SECOND).removeChannels(List.of("t:upload:c"));

    assertThat(registry.find("relay.redis.master.wanted.channels").gauges()).hasSize(1);
    assertThat(gauge("relay.redis.master.wanted.channels", "master", "10.0.0.2:7000")).isEqualTo(1);
    assertThat(gauge("relay.redis.wanted.channels")).isEqualTo(1);
    assertThat(
            registry
                .get("relay.redis.master.subscription.commands")
                .tags("master", "10.0.0.2:7000", "command", "subscribe")
                .functionCounter()
                .count())
        .isZero(); // no connection, no command
  }
}
