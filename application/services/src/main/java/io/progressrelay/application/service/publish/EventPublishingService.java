package io.progressrelay.application.service.publish;

import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.publish.IdempotencyKeyInFlightException;
import io.progressrelay.application.port.in.publish.IdempotencyKeyReusedException;
import io.progressrelay.application.port.in.publish.PublishAnswer;
import io.progressrelay.application.port.in.publish.PublishEventsUseCase;
import io.progressrelay.application.port.in.publish.PublishRequest;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.PublishedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes events for backends and admins through the {@link EventPublisher}, so every instance
 * receives them as if a worker had published them; an idempotency key makes a retry publish nothing
 * and answer what the first request got (docs/api.md, "Publish events").
 */
public final class EventPublishingService implements PublishEventsUseCase {
  /** How long a key stays claimed by a request that never finished (its instance died). */
  public static final Duration IN_FLIGHT = Duration.ofSeconds(30);

  private final EventPublisher publisher;
  private final IdempotencyStore keys;
  private final Duration window;

  public EventPublishingService(EventPublisher publisher, IdempotencyStore keys, Duration window) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.window = Objects.requireNonNull(window, "window");
  }

  @Override
  public PublishAnswer publish(Caller caller, PublishRequest request) {
    Authorization.requireAnyRole(caller, PUBLISHER_ROLES);
    // An invalid request takes no key, so the client may fix it and retry with the same key.
    publisher.validate(request.events());
    if (request.idempotencyKey().isEmpty()) {
      return new PublishAnswer(publisher.publish(request.events()), false);
    }
    // Keys are the caller's own: two backends choosing the same key do not meet.
    String key = caller.userId().value() + "|" + request.idempotencyKey().get();
    String fingerprint = RequestFingerprint.of(request.events());
    Optional<IdempotencyStore.Attempt> earlier = keys.claim(key, fingerprint, IN_FLIGHT);
    if (earlier.isPresent()) {
      return replay(earlier.get(), fingerprint);
    }
    List<PublishedEvent> published;
    try {
      published = publisher.publish(request.events());
    } catch (RuntimeException e) {
      releaseQuietly(key, fingerprint, e);
      throw e;
    }
    keys.complete(key, fingerprint, published, window);
    return new PublishAnswer(published, false);
  }

  private static PublishAnswer replay(IdempotencyStore.Attempt earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      throw new IdempotencyKeyReusedException();
    }
    return new PublishAnswer(
        earlier.answer().orElseThrow(IdempotencyKeyInFlightException::new), true);
  }

  // Redis being down may keep the release from working too; the claim then expires on its own.
  private void releaseQuietly(String key, String fingerprint, RuntimeException cause) {
    try {
      keys.release(key, fingerprint);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
