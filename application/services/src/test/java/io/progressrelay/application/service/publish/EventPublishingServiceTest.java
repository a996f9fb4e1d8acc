package io.progressrelay.application.service.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.publish.IdempotencyKeyInFlightException;
import io.progressrelay.application.port.in.publish.IdempotencyKeyReusedException;
import io.progressrelay.application.port.in.publish.PublishRequest;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.application.port.out.publish.InvalidEventException;
import io.progressrelay.application.port.out.publish.PublishUnavailableException;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.OutgoingEvent;
import io.progressrelay.domain.PublishedEvent;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may publish, and what an idempotency key makes of a retry, on fakes of both out ports. */
class EventPublishingServiceTest {
  private static final Caller SERVICE = new Caller(new UserId("worker"), Set.of(Role.SERVICE));

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final MapStore keys = new MapStore();
  private final EventPublishingService service =
      new EventPublishingService(publisher, keys, Duration.ofHours(24));

  private static OutgoingEvent event(String json) {
    return new OutgoingEvent(
        new EventChannel.Upload("upload:", new UploadId("up-1")), json.getBytes(UTF_8));
  }

  private static PublishRequest request(String key, String... events) {
    return new PublishRequest(
        List.of(events).stream().map(EventPublishingServiceTest::event).toList(),
        Optional.ofNullable(key));
  }

  @Test
  void aCallerWithoutTheServiceOrAdminRoleMayNotPublish() {
    assertThatThrownBy(
            () ->
                service.publish(Caller.user(new UserId("u")), request(null, "{\"action\":\"a\"}")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(publisher.batches).isEmpty();
  }

  @Test
  void aRetryWithTheSameKeyAndEventsReplaysTheFirstAnswerAndPublishesNothing() {
    var first = service.publish(SERVICE, request("k-1", "{\"action\":\"a\"}"));
    var retry = service.publish(SERVICE, request("k-1", "{\"action\":\"a\"}"));

    assertThat(publisher.batches).hasSize(1);
    assertThat(first.replayed()).isFalse();
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.events()).isEqualTo(first.events());
  }

  @Test
  void theSameKeyWithOtherEventsIsRefused() {
    service.publish(SERVICE, request("k-2", "{\"action\":\"a\"}"));

    assertThatThrownBy(() -> service.publish(SERVICE, request("k-2", "{\"action\":\"b\"}")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(publisher.batches).hasSize(1);
  }

  @Test
  void aRetryWhileTheFirstRequestIsStillPublishingIsAConflict() {
    keys.claim("worker|k-3", RequestFingerprint.of(List.of(event("{\"action\":\"a\"}"))), null);

    assertThatThrownBy(() -> service.publish(SERVICE, request("k-3", "{\"action\":\"a\"}")))
        .isInstanceOf(IdempotencyKeyInFlightException.class);
    assertThat(publisher.batches).isEmpty();
  }

  @Test
  void anInvalidEventTakesNoKeySoTheFixedRequestMayUseIt() {
    publisher.invalid = true;
    assertThatThrownBy(() -> service.publish(SERVICE, request("k-4", "{}")))
        .isInstanceOf(InvalidEventException.class);
    publisher.invalid = false;

    assertThat(service.publish(SERVICE, request("k-4", "{\"action\":\"a\"}")).replayed()).isFalse();
  }

  @Test
  void aFailedPublishGivesTheKeyBack() {
    publisher.down = true;
    assertThatThrownBy(() -> service.publish(SERVICE, request("k-5", "{\"action\":\"a\"}")))
        .isInstanceOf(PublishUnavailableException.class);
    publisher.down = false;

    assertThat(service.publish(SERVICE, request("k-5", "{\"action\":\"a\"}")).replayed()).isFalse();
    assertThat(publisher.batches).hasSize(1);
  }

  @Test
  void keysBelongToTheirCaller() {
    var admin = new Caller(new UserId("root"), Set.of(Role.ADMIN));
    service.publish(SERVICE, request("k-6", "{\"action\":\"a\"}"));

    assertThat(service.publish(admin, request("k-6", "{\"action\":\"b\"}")).replayed()).isFalse();
  }

  @Test
  void aKeyMustBeShortAndOfSafeCharacters() {
    assertThatThrownBy(() -> request("a b", "{\"action\":\"a\"}"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("Idempotency-Key");
    assertThatThrownBy(() -> request("k".repeat(129), "{\"action\":\"a\"}"))
        .isInstanceOf(InvalidValueException.class);
    assertThat(request("k".repeat(128), "{\"action\":\"a\"}").idempotencyKey()).isPresent();
  }

  private static final class RecordingPublisher implements EventPublisher {
    final List<List<OutgoingEvent>> batches = new ArrayList<>();
    boolean invalid;
    boolean down;

    @Override
    public void validate(List<OutgoingEvent> events) {
      if (invalid) {
        throw new InvalidEventException(0, false, "no 'action'");
      }
    }

    @Override
    public List<PublishedEvent> publish(List<OutgoingEvent> events) {
      if (down) {
        throw new PublishUnavailableException("down", null);
      }
      batches.add(events);
      return events.stream()
          .map(e -> PublishedEvent.published(e.channel().name(), batches.size()))
          .toList();
    }
  }

  private static final class MapStore implements IdempotencyStore {
    private final Map<String, Attempt> held = new HashMap<>();

    @Override
    public Optional<Attempt> claim(String key, String fingerprint, Duration inFlight) {
      Attempt earlier = held.putIfAbsent(key, new Attempt(fingerprint, Optional.empty()));
      return Optional.ofNullable(earlier);
    }

    @Override
    public void complete(
        String key, String fingerprint, List<PublishedEvent> answer, Duration window) {
      held.put(key, new Attempt(fingerprint, Optional.of(answer)));
    }

    @Override
    public void release(String key, String fingerprint) {
      held.remove(key, new Attempt(fingerprint, Optional.empty()));
    }
  }
}
