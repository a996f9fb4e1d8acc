package io.progressrelay.adapter.out.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Interest mode's meters: the {@code SUBSCRIBE}/{@code UNSUBSCRIBE} commands sent and the event
 * channels subscribed, read from {@link RedisChannelInterest} when scraped.
 */
public final class RedisChannelInterestMeters implements MeterBinder {
  private final RedisChannelInterest interest;

  public RedisChannelInterestMeters(RedisChannelInterest interest) {
    this.interest = interest;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String commands = "relay.redis.subscription.commands";
    String what = "SUBSCRIBE and UNSUBSCRIBE commands sent for the event channels (interest mode)";
    FunctionCounter.builder(commands, interest, RedisChannelInterest::subscribeCommands)
        .description(what)
        .tag("command", "subscribe")
        .register(registry);
    FunctionCounter.builder(commands, interest, RedisChannelInterest::unsubscribeCommands)
        .description(what)
        .tag("command", "unsubscribe")
        .register(registry);
    Gauge.builder(
            "relay.redis.subscribed.channels", interest, RedisChannelInterest::subscribedChannels)
        .description("Event channels Redis confirmed subscribed on the listener's connection")
        .strongReference(true)
        .register(registry);
    Gauge.builder("relay.redis.wanted.channels", interest, RedisChannelInterest::wantedChannels)
        .description("Event channels this instance's connections need (lingering ones included)")
        .strongReference(true)
        .register(registry);
  }
}
