package io.progressrelay.demo;

import io.progressrelay.adapter.in.memory.InProcessEventSource;
import io.progressrelay.adapter.out.memory.InMemoryChannelInterest;
import io.progressrelay.adapter.out.memory.InMemoryDeliveryHistory;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemoryStreamCheckpoints;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.bootstrap.backends.Backends;
import io.progressrelay.bootstrap.backends.EventBus;
import io.progressrelay.bootstrap.backends.Storage;
import io.progressrelay.bootstrap.config.AppConfig;
import java.time.Clock;
import java.util.List;

/**
 * The demo's adapters when PostgreSQL or Redis does not answer: everything in memory, lost at exit,
 * and events published in this process ({@link #events()}) instead of on Redis. Not for production,
 * which {@code /readyz} says in its {@value #MODE_CHECK} check.
 */
public final class InMemoryBackends implements Backends {
  /** The name of the readiness check that marks this mode. */
  public static final String MODE_CHECK = "demo-in-memory";

  private static final String MODE_DETAIL =
      "demo mode on in-memory adapters: NOT FOR PRODUCTION; uploads, subscriptions and delivery"
          + " history are lost at exit, and events come from the built-in simulator, not Redis";

  private final InProcessEventSource events;

  public InMemoryBackends(Clock clock) {
    this.events = new InProcessEventSource(clock);
  }

  /** Where the simulator publishes: the relay receives these events as if from Redis. */
  public InProcessEventSource events() {
    return events;
  }

  @Override
  public String instanceId() {
    return "in-memory";
  }

  @Override
  public Storage openStorage(AppConfig config) {
    var store = new InMemoryStore();
    var history = new InMemoryDeliveryHistory();
    return new Storage(
        new InMemoryUploadRepository(store),
        new InMemoryGrantRepository(store),
        new InMemorySubscriptionRepository(store),
        new InMemorySubscriberDirectory(store),
        history,
        history,
        new InMemoryStreamCheckpoints(),
        List.of(new ReadinessNote(MODE_CHECK, MODE_DETAIL)),
        () -> {});
  }

  @Override
  public EventBus openEventBus(AppConfig config, Storage storage) {
    var feed = new InProcessEvents(events);
    ReadinessCheck source =
        new EventSourceCheck(
            "in-process-events", feed, "receiving the simulator's events in process");
    // A single instance: there is nobody to announce audience changes to.
    if (!config.ingest().interest()) {
      return new EventBus(feed, AudienceChangeSink.NONE, List.of(source), () -> {});
    }
    // RELAY_REDIS_SUBSCRIPTIONS=interest: the simulator's events reach the relay only for the
    // channels its sockets need, as Redis would deliver them.
    var interest = new InMemoryChannelInterest();
    events.receiveOnly(interest::wants);
    return new EventBus(
        feed,
        AudienceChangeSink.NONE,
        List.of(source),
        () -> {},
        EventPublisher.NONE,
        IdempotencyStore.NONE,
        () -> {},
        interest);
  }
}
