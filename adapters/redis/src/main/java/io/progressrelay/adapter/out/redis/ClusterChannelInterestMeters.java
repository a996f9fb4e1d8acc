package io.progressrelay.adapter.out.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import redis.clients.jedis.HostAndPort;

/**
 * Interest mode's meters on a Redis Cluster: the names and meanings of {@link
 * RedisChannelInterestMeters}, summed over every master, and the same per master ({@code
 * relay_redis_master_*{master="host:port"}}), read from {@link ClusterChannelInterest} when
 * scraped. The control channel and its copies are not counted as channels (as on one server), but
 * their commands are, since they are subscribed on the masters' connections with the event
 * channels. Masters appear as the relay first subscribes there: {@link #bindNewMasters} binds their
 * meters, before each scrape. Thread-safe.
 */
public final class ClusterChannelInterestMeters implements MeterBinder {
  private static final String COMMANDS_HELP =
      "SSUBSCRIBE and SUNSUBSCRIBE commands sent (interest mode on a Redis Cluster)";

  private final ClusterChannelInterest interest;
  private final Predicate<String> control;
  // Guarded by this.
  private MeterRegistry registry;
  private final Set<HostAndPort> bound = new HashSet<>();

  public ClusterChannelInterestMeters(ClusterChannelInterest interest) {
    this.interest = interest;
    ControlChannelCopies copies = interest.controlCopies();
    this.control = channel -> copies.isControl(channel.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    // Masters are never forgotten (a former one stays, with nothing wanted), so sums only grow.
    FunctionCounter.builder(
            "relay.redis.subscription.commands", interest, i -> sum(i, s -> s.subscribeCommands()))
        .description(COMMANDS_HELP)
        .tag("command", "subscribe")
        .register(registry);
    FunctionCounter.builder(
            "relay.redis.subscription.commands",
            interest,
            i -> sum(i, s -> s.unsubscribeCommands()))
        .description(COMMANDS_HELP)
        .tag("command", "unsubscribe")
        .register(registry);
    Gauge.builder(
            "relay.redis.subscribed.channels",
            interest,
            i -> sum(i, s -> s.subscribedChannelsExcept(control)))
        .description("Event channels the masters confirmed subscribed, over all masters")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "relay.redis.wanted.channels",
            interest,
            i -> sum(i, s -> s.wantedChannelsExcept(control)))
        .description("Event channels this instance's connections need (lingering ones included)")
        .strongReference(true)
        .register(registry);
    bindNewMasters();
  }

  /** Binds the per-master meters of the masters met since the last call. */
  public synchronized void bindNewMasters() {
    if (registry == null) {
      return;
    }
    interest
        .shards()
        .forEach(
            (master, shard) -> {
              if (bound.add(master)) {
                bindMaster(master.toString(), shard);
              }
            });
  }

  private void bindMaster(String master, RedisChannelInterest shard) {
    String commands = "relay.redis.master.subscription.commands";
    FunctionCounter.builder(commands, shard, RedisChannelInterest::subscribeCommands)
        .description(COMMANDS_HELP + ", on one master")
        .tags("master", master, "command", "subscribe")
        .register(registry);
    FunctionCounter.builder(commands, shard, RedisChannelInterest::unsubscribeCommands)
        .description(COMMANDS_HELP + ", on one master")
        .tags("master", master, "command", "unsubscribe")
        .register(registry);
    Gauge.builder(
            "relay.redis.master.subscribed.channels",
            shard,
            s -> s.subscribedChannelsExcept(control))
        .description("Event channels one master confirmed subscribed")
        .tag("master", master)
        .strongReference(true)
        .register(registry);
    Gauge.builder("relay.redis.master.wanted.channels", shard, s -> s.wantedChannelsExcept(control))
        .description("Event channels this instance needs whose slot one master serves")
        .tag("master", master)
        .strongReference(true)
        .register(registry);
  }

  private static double sum(
      ClusterChannelInterest interest, ToDoubleFunction<RedisChannelInterest> value) {
    return interest.shards().values().stream().mapToDouble(value).sum();
  }
}
